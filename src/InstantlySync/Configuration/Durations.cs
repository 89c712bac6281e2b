using System.Globalization;
using System.Text.RegularExpressions;

namespace InstantlySync.Configuration;

/// <summary>
/// Time budgets as people write them in schedules: a whole number of seconds, minutes or hours
/// (<c>40s</c>, <c>45m</c>, <c>2h</c>). One unit, no fractions: a budget is set once next to a job's
/// timeout and must read unambiguously (<c>m</c> is minutes here, as in every CI timeout).
/// </summary>
internal static partial class Durations
{
    /// <summary>The longest budget accepted: a week, longer than any scheduler lets a job run.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public const string Examples = "40s, 45m or 2h";

    /// <summary>Parses a budget; false for anything else, zero and more than <see cref="Longest"/> included.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return false;
        }

        var seconds = char.ToLowerInvariant(match.Groups[2].Value[0]) switch
        {
            's' => n,
            'm' => n * 60.0,
            _ => n * 3600.0,
        };
        if (seconds > Longest.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>A budget the way it was written: 2h, 45m, 40s (or 1h30m when it is not whole).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.TotalSeconds % 3600 == 0)
        {
            return $"{(long)duration.TotalHours}h";
        }

        if (duration.TotalSeconds % 60 == 0)
        {
            return $"{(long)duration.TotalMinutes}m";
        }

        return duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.#}s" : $"{(long)duration.TotalMinutes}m{duration.Seconds}s";
    }

    [GeneratedRegex("^([0-9]{1,9})([smhSMH])$")]
    private static partial Regex Pattern();
}
