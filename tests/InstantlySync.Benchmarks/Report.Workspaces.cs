using System.Text;

namespace InstantlySync.Benchmarks;

/// <summary>The several-workspaces section of <c>docs/performance.md</c> and its rows in the targets.</summary>
internal static partial class Report
{
    private static void WorkspacesTargets(StringBuilder text, Saved<WorkspacesResult>? saved)
    {
        if (saved is not { Result: var w })
        {
            Line(text, $"| several workspaces at once ≤ {WorkspacesResult.RatioTarget}× the slowest alone, zero 429 responses, peak RSS ≤ 250 MB, every workspace's rows complete | not measured | — |");
            return;
        }

        var slowest = w.SlowestAlone;
        Row(text, $"{w.Together.Workspaces.Count} workspaces at once ≤ {WorkspacesResult.RatioTarget}× the slowest alone",
            $"{w.Ratio:0.000}× ({Duration(w.Together.WallSeconds)} against {Duration(slowest.WallSeconds)}, {slowest.Workspaces[0].Name})", w.Ratio <= WorkspacesResult.RatioTarget && w.Complete);
        Row(text, $"{w.Together.Workspaces.Count} workspaces at once: zero 429 responses",
            $"{w.Together.RateLimited:N0} (alone: {string.Join(", ", w.Alone.Select(r => r.RateLimited.ToString("N0", Invariant)))})", w.RateLimited == 0);
        Row(text, $"{w.Together.Workspaces.Count} workspaces at once: peak RSS ≤ 250 MB", Megabytes(w.Together.PeakRssBytes), w.Together.PeakRssBytes <= WorkspacesResult.PeakRssTarget);
        Row(text, $"{w.Together.Workspaces.Count} workspaces at once: every workspace's rows complete", Stored(w.Together), w.Complete);
    }

    private static void Workspaces(StringBuilder text, Saved<WorkspacesResult>? saved)
    {
        Line(text, "## Several workspaces at once");
        Line(text);
        if (saved is not { Run: var run, Result: var w })
        {
            Line(text, "Not measured.");
            Line(text);
            return;
        }

        var each = w.Each;
        Line(text, $"One fake API process serves {w.Together.Workspaces.Count} workspaces, each with its own key, seed, data and rate limits (100 requests/s");
        Line(text, $"and 6,000/min, 20/min for GET /emails): {each.Campaigns} campaigns, {each.Leads:N0} leads and {each.Emails:N0} emails each, {each.LatencyMs} ms added to every");
        Line(text, "request. The CLI has every workspace configured (`Workspaces` in the environment, each on its own key variable) and");
        Line(text, "the whole budget of each (`RequestsPerSecond` 100, `RequestsPerMinute` 6000, `EmailsRequestsPerMinute` 20). Each");
        Line(text, "workspace is first synced alone (`sync --all --no-transform --workspace NAME`: the sync itself; the modeled layer has its own");
        Line(text, "section below), then all of them by one process (`sync --all --no-transform`,");
        Line(text, "`Sync:WorkspaceConcurrency` at its default of 4), each run into a fresh database and counted by the fake from zero;");
        Line(text, "a minute's pause before the last run lets the API's per-minute windows empty. The budgets are separate, so the");
        Line(text, "workspaces should overlap: all at once should take little more than the slowest alone.");
        Line(text);
        Line(text, "| run | wall time | requests | 429s | peak RSS | CPU s: CLI / PostgreSQL / fake | exit | rows stored / served |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in w.Alone)
        {
            RunRow($"`{r.Command}`", r);
        }

        RunRow($"**`{w.Together.Command}`**", w.Together);
        Line(text);
        Line(text, "All at once, per workspace (the fake's own count for each):");
        Line(text);
        Line(text, "| workspace | workspace_id | requests | 429s | leads stored / served | emails stored / served |");
        Line(text, "|---|---|---:|---:|---:|---:|");
        foreach (var f in w.Together.Workspaces)
        {
            Line(text, $"| {f.Name} | `{f.WorkspaceId}` | {f.Requests:N0} | {f.RateLimited:N0} | {f.LeadsStored:N0} / {f.LeadsServed:N0} | {f.EmailsStored:N0} / {f.EmailsServed:N0} |");
        }

        Line(text);
        Line(text, $"All at once took **{w.Ratio:0.000}×** the slowest alone ({Duration(w.Together.WallSeconds)} against {Duration(w.SlowestAlone.WallSeconds)}, " +
            $"{w.SlowestAlone.Workspaces[0].Name}); the target is ≤ {WorkspacesResult.RatioTarget}×.");
        Line(text);
        if (w.Together.Cpu is { Postgres: not null } cpu && w.Cores > 0)
        {
            // The CLI, the fake API and PostgreSQL share this machine's cores; the API's budgets
            // overlap in time, but their CPU does not.
            Line(text, $"Where the time goes: the CLI, the fake API and PostgreSQL share this machine's {w.Cores} cores. All at once used " +
                $"**{cpu.Total:0.0} CPU-seconds** (CLI {cpu.Cli:0.0}, PostgreSQL {cpu.Postgres:0.0}, fake {cpu.FakeApi:0.0}); in {WorkspacesResult.RatioTarget}× the slowest alone " +
                $"({Duration(WorkspacesResult.RatioTarget * w.SlowestAlone.WallSeconds)}) {w.Cores} cores give at most {w.CpuWithinTarget:0.0}. " +
                $"The run kept the cores {Busy(cpu.Total, w):0} % busy ({cpu.Total:0.0} of {w.Cores * w.Together.WallSeconds:0.0} core-seconds in {Duration(w.Together.WallSeconds)}); " +
                $"at that rate the target's time holds {Busy(cpu.Total, w) / 100 * w.CpuWithinTarget:0.0} CPU-seconds. " +
                (cpu.Total > Busy(cpu.Total, w) / 100 * w.CpuWithinTarget
                    ? "The run is bound by the machine's CPU, not by the API's budgets: the target needs less CPU per lead, more cores, or the API and the database elsewhere, as they are in production."
                    : "The CPU fits in the target's time."));
            Line(text);
        }

        Line(text, $"Command: `{run.Command}` (commit {run.Commit}). Measured {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
        Line(text);

        void RunRow(string name, WorkspacesRun r)
            => Line(text, $"| {name} | {Duration(r.WallSeconds)} | {r.Requests:N0} | {r.RateLimited:N0} | {Megabytes(r.PeakRssBytes)} | {Cpu(r.Cpu)} | {r.ExitCode} | {Stored(r)} |");
    }

    /// <summary>How busy the run kept the machine's cores, in percent.</summary>
    private static double Busy(double cpuSeconds, WorkspacesResult w) => 100 * cpuSeconds / (w.Cores * w.Together.WallSeconds);

    private static string Cpu(CpuSeconds? cpu) => cpu is null
        ? "—"
        : $"{cpu.Cli:0.0} / {(cpu.Postgres is { } server ? server.ToString("0.0", Invariant) : "—")} / {cpu.FakeApi:0.0}";

    private static string Stored(WorkspacesRun run) => string.Join("; ", run.Workspaces.Select(f =>
        $"{f.Name}: leads {f.LeadsStored:N0} / {f.LeadsServed:N0}, emails {f.EmailsStored:N0} / {f.EmailsServed:N0}"));
}
