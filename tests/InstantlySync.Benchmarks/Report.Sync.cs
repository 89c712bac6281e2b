using System.Text;

namespace InstantlySync.Benchmarks;

/// <summary>The whole-sync section of <c>docs/performance.md</c>: both recorded workloads, or what is not measured yet.</summary>
internal static partial class Report
{
    private static void Sync(StringBuilder text, List<(string Title, Saved<SyncResult>? Saved)> syncs)
    {
        Line(text, "## Whole sync");
        Line(text);
        Line(text, "`instantly-sync sync --all` as a process against the fake API as a process (JIT-compiled in full at start, so");
        Line(text, "it serves warm from its first request, as the real service does): 50 campaigns, 300,000 leads, 50 ms added to");
        Line(text, "every request, the API's rate limits on (100 requests/s and 6,000/min per workspace, 20/min for GET /emails,");
        Line(text, "as sliding windows). The CLI is given the whole budget (`RequestsPerSecond` 100,");
        Line(text, "`RequestsPerMinute` 6000, `EmailsRequestsPerMinute` 20). It sends up to a window's worth at once and counts");
        Line(text, "each request from when it is sent until one window after its response, so a steady stream runs at 100 per");
        Line(text, "(1 s + response time). The lower bound comes from the run's own request plan, as counted by the fake: with at");
        Line(text, "most N requests in any window, the k-th request (from 0) starts no earlier than floor(k / N) windows after the");
        Line(text, "first, and a cursor chain's requests go one after another. (a) has GET /emails set the pace; (b) has so few");
        Line(text, "emails that they fit in one window, and the workspace's 100 requests/s set it.");
        Line(text);
        foreach (var (title, saved) in syncs)
        {
            Line(text, $"### {title}");
            Line(text);
            if (saved is not { Run: var run, Result: var s })
            {
                Line(text, "Not measured.");
                Line(text);
                continue;
            }

            var w = s.Workload;
            Line(text, "| | |");
            Line(text, "|---|---|");
            Line(text, $"| workspace | {w.Campaigns} campaigns, {s.LeadsServed:N0} leads, {s.EmailsServed:N0} emails, {w.LatencyMs} ms latency |");
            Line(text, $"| wall time (process start to exit) | **{Duration(s.WallSeconds)}** |");
            Line(text, $"| lower bound | **{Duration(s.LowerBoundSeconds)}** |");
            Line(text, $"| ratio | **{s.Ratio:0.000}×** |");
            Line(text, $"| workspace limits: last of {s.Requests:N0} requests starts at | floor({s.Requests - 1:N0} / 100) × 1 s, floor({s.Requests - 1:N0} / 6,000) × 60 s → {Duration(s.RequestsBoundSeconds)} |");
            Line(text, $"| GET /emails at 20/min: last of {s.EmailRequests:N0} starts at | floor({Math.Max(0, s.EmailRequests - 1):N0} / 20) × 60 s → {Duration(s.EmailsBoundSeconds)} |");
            Line(text, $"| longest cursor chain × latency | {s.LongestChain:N0} requests ({s.LongestChainName}) × {w.LatencyMs} ms → {Duration(s.ChainBoundSeconds)} |");
            Line(text, $"| POST /leads/list requests | {s.LeadRequests:N0} (one chain per campaign plus one outside campaigns) |");
            Line(text, $"| 429 responses received | {s.RateLimited:N0} |");
            Line(text, $"| exit code | {s.ExitCode} |");
            Line(text, $"| rows stored / served | leads {s.LeadsStored:N0} / {s.LeadsServed:N0}, emails {s.EmailsStored:N0} / {s.EmailsServed:N0} |");
            Line(text, $"| peak RSS of the CLI | {Megabytes(s.PeakRssBytes)} |");
            Line(text, $"| command | `{run.Command}` (commit {run.Commit}) |");
            Line(text);
            Line(text, $"Measured {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
            Line(text);
        }
    }
}
