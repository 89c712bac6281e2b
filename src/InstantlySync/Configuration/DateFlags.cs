using System.Globalization;
using System.Text.RegularExpressions;

namespace InstantlySync.Configuration;

/// <summary>
/// The date and span flags every windowed command shares (<c>sync</c>, <c>report</c>): one rule for
/// what <c>--from 2026-11-01</c> and <c>--last 7d</c> mean, and one wording for what is wrong with them.
/// </summary>
internal static partial class DateFlags
{
    public static bool TryParseDate(string flag, string value, out DateOnly date, out string error)
    {
        error = "";
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        error = $"{flag} '{value}' is not a valid date; use YYYY-MM-DD (UTC)";
        return false;
    }

    public static bool TryParseSpan(string value, DateTimeOffset now, out DateTimeOffset start, out string error)
    {
        start = default;
        error = "";
        var match = SpanPattern().Match(value.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var n) || n < 1)
        {
            error = $"--last '{value}' is not a span; use a positive number with h, d, w or m (e.g. 12h, 7d, 2w, 3m)";
            return false;
        }

        var unit = match.Groups[2].Value;
        var years = unit switch { "h" => n / 8766.0, "d" => n / 365.25, "w" => n / 52.18, _ => n / 12.0 };
        if (years > 20)
        {
            error = $"--last '{value}' reaches back more than 20 years; use --all for everything";
            return false;
        }

        start = unit switch
        {
            "h" => now.AddHours(-n),
            "d" => now.AddDays(-n),
            "w" => now.AddDays(-7 * n),
            _ => now.AddMonths(-n),
        };
        return true;
    }

    [GeneratedRegex("^([0-9]+)([hdwm])$")]
    private static partial Regex SpanPattern();
}
