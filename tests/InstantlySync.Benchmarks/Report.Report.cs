using System.Text;

namespace InstantlySync.Benchmarks;

/// <summary>The campaign report's section of <c>docs/performance.md</c>.</summary>
internal static partial class Report
{
    private static void CampaignReport(StringBuilder text, Saved<ReportResult>? saved)
    {
        Line(text, "## The campaign report (report)");
        Line(text);
        if (saved is not { Run: var run, Result: var r })
        {
            Line(text, "Not measured.");
            Line(text);
            return;
        }

        Line(text, $"One workspace of the fake API ({r.Workload.Campaigns} campaigns, {r.LeadsStored:N0} leads, {r.Days} days of analytics:");
        Line(text, $"{r.DailyRows:N0} campaign days, {r.CampaignLeads:N0} campaign leads) synced and modeled by `sync --all`, then reported over");
        Line(text, $"its {r.Days} days. *Plain scan* reads every row the report reads once — `campaigns`, `campaign_leads`, `campaign_daily`");
        Line(text, "and `step_performance`, each whole with index scans off, best of three — in the same run. Each report is the whole");
        Line(text, "CLI process (start-up, settings, schema check, queries, rendering), best of three.");
        Line(text);
        Line(text, "| run | wall time | × plain scan | output | peak RSS | exit |");
        Line(text, "|---|---:|---:|---:|---:|---:|");
        Line(text, $"| plain scan of the modeled tables and views | {Duration(r.ScanSeconds)} | 1.0× | | | |");
        foreach (var report in new[] { r.Console, r.Json, r.Html })
        {
            Line(text, $"| `{report.Command}` | {Duration(report.WallSeconds)} | {report.WallSeconds / r.ScanSeconds:0.0}× | {report.OutputBytes / 1024.0:N0} KB | {report.PeakRssBytes / 1048576.0:N0} MB | {report.ExitCode} |");
        }

        Line(text);
        Line(text, $"Command: `{run.Command}` (commit {run.Commit}). Measured {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
        Line(text);
    }
}
