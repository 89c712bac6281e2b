namespace InstantlySync.Report;

/// <summary>Every day of the window with its figures; days the query returned no row for count as zero.</summary>
internal sealed record DailySeries(IReadOnlyList<DateOnly> Days, IReadOnlyList<long> Sent, IReadOnlyList<long> Replies)
{
    public static DailySeries Of(ReportWindow window, IEnumerable<DailyFigures> daily)
    {
        var count = Math.Max(0, window.To.DayNumber - window.From.DayNumber + 1);
        var sent = new long[count];
        var replies = new long[count];
        foreach (var day in daily)
        {
            var i = day.Date.DayNumber - window.From.DayNumber;
            if (i >= 0 && i < count)
            {
                sent[i] += day.Sent;
                replies[i] += day.Replies;
            }
        }

        return new DailySeries(Enumerable.Range(0, count).Select(window.From.AddDays).ToList(), sent, replies);
    }
}
