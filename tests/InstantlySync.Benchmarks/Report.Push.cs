using System.Text;

namespace InstantlySync.Benchmarks;

/// <summary>The push section of <c>docs/performance.md</c> and its rows in the targets.</summary>
internal static partial class Report
{
    private static void PushTargets(StringBuilder text, Saved<PushResult>? saved)
    {
        if (saved is not { Result: var p })
        {
            Line(text, "| push: requests against the least possible, zero 429 responses | not measured | — |");
            return;
        }

        Row(text, $"push top-up of {p.TopUp.Leads:N0} leads: bulk adds against ⌈n/1000⌉", $"{p.TopUp.Adds:N0} against {p.TopUp.Minimum:N0} ({p.TopUp.Ratio:0.00}×)", p.Complete && p.TopUp.Adds == p.TopUp.Minimum);
        Row(text, $"push drain of {p.Drain.Leads:N0} leads: list pages + deletes against ⌈n/100⌉ + ⌈n/10000⌉",
            $"{p.Drain.ListPages:N0} + {p.Drain.Deletes:N0} against {p.Drain.Minimum:N0} ({p.Drain.Ratio:0.00}×)", p.Complete);
        Row(text, "push: zero 429 responses", $"{p.TopUp.RateLimited + p.Drain.RateLimited:N0}", p.TopUp.RateLimited + p.Drain.RateLimited == 0);
    }

    private static void Push(StringBuilder text, Saved<PushResult>? saved)
    {
        Line(text, "## Push (top-up and drain)");
        Line(text);
        if (saved is not { Run: var run, Result: var p })
        {
            Line(text, "Not measured.");
            Line(text);
            return;
        }

        Line(text, "One workspace of the fake API with its real limits (100 requests/s, 6,000/min) and 50 ms per request. A pool of");
        Line(text, $"{p.Leads:N0} new people goes to one campaign (`push --phases topup`, `NewLeadsPerRun` {p.Leads:N0}); then the fake completes");
        Line(text, "every lead of that campaign and `push --phases drain` removes them. *Least* is what the API allows: ⌈n/1000⌉ bulk");
        Line(text, "adds; ⌈n/100⌉ list pages plus ⌈n/10000⌉ deletes. *Other* requests are the checks and listings around them");
        Line(text, "(the campaign list, the live inventory the headroom needs, the empty pages that end each listing).");
        Line(text);
        Line(text, "| run | leads | bulk adds | list pages | deletes | least | × least | all requests | 429s | wall time | exit |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in new[] { p.TopUp, p.Drain })
        {
            Line(text, $"| `{r.Command}` | {r.Leads:N0} | {r.Adds:N0} | {r.ListPages:N0} | {r.Deletes:N0} | {r.Minimum:N0} | {r.Ratio:0.00}× | {r.Requests:N0} | {r.RateLimited:N0} | {Duration(r.WallSeconds)} | {r.ExitCode} |");
        }

        Line(text);
        Line(text, $"Command: `{run.Command}` (commit {run.Commit}). Measured {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
        Line(text);
    }
}
