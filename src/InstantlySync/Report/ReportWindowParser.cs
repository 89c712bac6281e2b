using InstantlySync.Configuration;

namespace InstantlySync.Report;

/// <summary>
/// Turns <c>report</c>'s window flags into a <see cref="ReportWindow"/> or a one-line reason (exit 2),
/// with the date and span rules of <c>sync</c> (<see cref="DateFlags"/>).
/// </summary>
internal static class ReportWindowParser
{
    /// <summary>Days in the default window.</summary>
    public const int DefaultDays = 30;

    /// <summary>
    /// Without flags the window is the last <see cref="DefaultDays"/> complete days, today excluded:
    /// today's analytics are still growing, and a morning report should not compare a few hours with
    /// whole days. <c>--from</c> and <c>--last</c> end today unless <c>--to</c> says otherwise, as in <c>sync</c>.
    /// </summary>
    public static bool TryParse(string? from, string? to, string? last, DateTimeOffset now, out ReportWindow window, out string error)
    {
        window = new ReportWindow(default, default);
        error = "";
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (from is not null && last is not null)
        {
            error = "--from and --last cannot be combined; choose one";
            return false;
        }

        if (to is not null && from is null && last is null)
        {
            error = "--to needs --from or --last";
            return false;
        }

        if (from is null && last is null)
        {
            window = new ReportWindow(today.AddDays(-DefaultDays), today.AddDays(-1));
            return true;
        }

        DateOnly start;
        if (from is not null)
        {
            if (!DateFlags.TryParseDate("--from", from, out start, out error))
            {
                return false;
            }

            if (start > today)
            {
                error = $"--from {from} is in the future";
                return false;
            }
        }
        else
        {
            if (!DateFlags.TryParseSpan(last!, now, out var spanStart, out error))
            {
                return false;
            }

            start = DateOnly.FromDateTime(spanStart.UtcDateTime);
        }

        var end = today;
        if (to is not null)
        {
            if (!DateFlags.TryParseDate("--to", to, out end, out error))
            {
                return false;
            }

            if (end < start)
            {
                error = $"--to {to} is before the window start {start:yyyy-MM-dd}";
                return false;
            }
        }

        window = new ReportWindow(start, end);
        return true;
    }
}
