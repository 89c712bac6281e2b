using System.Net;
using static InstantlySync.Report.ReportFormat;

namespace InstantlySync.Report;

/// <summary>
/// The three charts of a workspace, each a <c>figure</c> whose caption states the figures in words;
/// the table beside it holds every number, for screen readers and for anyone who wants the exact value.
/// </summary>
internal static class HtmlCharts
{
    public static string Daily(string id, string workspace, DailySeries series)
    {
        var sent = series.Sent.Sum();
        var replies = series.Replies.Sum();
        var peak = series.Sent.Select((v, i) => (Value: v, Day: series.Days[i])).MaxBy(p => p.Value);
        var summary = $"{Count(sent)} sent and {Count(replies)} replies over the {Count(series.Days.Count)} days from "
            + $"{Date(series.Days[0])} to {Date(series.Days[^1])}"
            + (peak.Value > 0 ? $"; the most sent in one day: {Count(peak.Value)} on {Date(peak.Day)}." : ".");
        var svg = SvgLineChart.Render(id, $"Sent and replies per day, {workspace}", "Line chart. " + summary, series.Days[0],
            [new SvgSeries("Sent", "sent", series.Sent), new SvgSeries("Replies", "replies", series.Replies)]);
        return Figure(svg, summary + " Solid line with circles: sent; dashed line with squares: replies.");
    }

    public static string Steps(string id, string workspace, IReadOnlyList<StepFigures> steps, Func<string, string> campaignName)
    {
        var bars = steps.Select(s => new SvgBar(
            $"{campaignName(s.CampaignId)}\n{StepLabel(s)}",
            s.Sent > 0 ? (double)StepRanking.Rate(s) : null,
            s.Sent > 0 ? $"{Percent(StepRanking.Rate(s))} ({Count(s.Replies)} of {Count(s.Sent)})" : $"{Missing} (none sent)")).ToList();
        var summary = $"Reply rate of {Count(steps.Count)} steps and variants, lifetime; the length of each bar is its reply rate.";
        var svg = SvgBarChart.Render(id, $"Reply rate by step and variant, {workspace}", "Horizontal bar chart. " + summary, bars,
            tick => Percent((decimal)tick), integers: false);
        return Figure(svg, summary + " Every figure is in the table below.");
    }

    public static string Leads(string id, string workspace, LeadsByStatus leads)
    {
        var total = HtmlTables.LeadTotal(leads);
        var rows = HtmlTables.LeadRows(leads);
        var summary = $"{Count(total)} leads: " + string.Join(", ", rows.Select(r => $"{Count(r.Count)} {r.Status.ToLowerInvariant()}")) + ".";
        var bars = rows.Select(r => new SvgBar(r.Status, r.Count, $"{Count(r.Count)} ({HtmlTables.Share(r.Count, total)})")).ToList();
        var svg = SvgBarChart.Render(id, $"Leads by status, {workspace}", "Horizontal bar chart. " + summary, bars,
            tick => Count((long)tick), integers: true);
        return Figure(svg, summary);
    }

    private static string Figure(string svg, string caption) =>
        $"<figure>{svg}<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption></figure>";
}
