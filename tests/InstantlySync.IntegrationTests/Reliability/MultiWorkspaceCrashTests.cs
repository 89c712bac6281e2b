using System.Globalization;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.IntegrationTests.Workspaces;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// docs/reliability.md: a sync of several workspaces at once, killed with SIGKILL at points spread
/// over the run, then rerun: every workspace ends equal to its own oracle, no run is left
/// 'running', and no workspace's rows land under another's id.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class MultiWorkspaceCrashTests(ReliabilityReport report) : IAsyncLifetime
{
    private const int Points = 6;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresDatabase _database = new();
    private AgencyHarness _agency = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        // A little latency per request stretches the run so the kill points spread over it.
        _agency = await AgencyHarness.StartAsync(_database, latencyMs: 15);
    }

    public async Task DisposeAsync()
    {
        await _agency.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_sync_of_three_workspaces_killed_at_any_point_then_rerun_ends_with_each_equal_to_its_oracle()
    {
        string[] args = ["sync", "--all", "--batch-size", "20"];
        var before = _agency.Fake.Stats.Requests;
        var clean = await CliProcess.RunAsync(_agency.Environment(), RunTimeout, args);
        Assert.True(clean.ExitCode == 0, clean.Output);
        var requests = _agency.Fake.Stats.Requests - before;

        var problems = new List<string>();
        var exitCodes = new SortedSet<int>();
        var midRun = 0;
        var lost = 0;
        var duplicates = 0;
        var killTimes = new List<TimeSpan>();
        for (var point = 0; point < Points; point++)
        {
            await ReliabilityChecks.ResetAsync(_database.DataSource);
            var at = 1 + (long)Math.Round((requests - 2) * (double)point / (Points - 1));
            var served = _agency.Fake.Stats.Requests;
            using (var process = CliProcess.Start(_agency.Environment(), args))
            {
                while (!process.HasExited && _agency.Fake.Stats.Requests - served < at)
                {
                    await Task.Delay(5);
                }

                if (!process.HasExited)
                {
                    midRun++;
                    killTimes.Add(process.Elapsed);
                }

                process.Kill();
                exitCodes.Add(process.ExitCode);
            }

            var rerun = await CliProcess.RunAsync(_agency.Environment(), RunTimeout, ["sync", "--batch-size", "20"]);
            exitCodes.Add(rerun.ExitCode);
            if (rerun.ExitCode != 0)
            {
                problems.Add($"kill after {at} requests: the rerun exited {rerun.ExitCode}: {rerun.Output}");
            }

            foreach (var (name, oracle) in await _agency.OraclesAsync())
            {
                lost += oracle.Missing;
                duplicates += oracle.Duplicates;
                problems.AddRange(oracle.Differences.Take(5).Select(d => $"kill after {at} requests, {name}: {d}"));
            }

            if ((await ReliabilityChecks.BatchesAsync(_database.DataSource)).Any(b => b.Status == "running"))
            {
                problems.Add($"kill after {at} requests: a batch is still 'running' after the rerun");
            }
        }

        var notes = string.Create(CultureInfo.InvariantCulture,
            $"acme, globex (same ids) and initech (sub-workspace) at once; {midRun} kills mid-run, {killTimes.DefaultIfEmpty().Min().TotalSeconds:0.0}-{killTimes.DefaultIfEmpty().Max().TotalSeconds:0.0} s after start");
        report.Record(new ScenarioResult(ReliabilityGroups.Crashes, "three workspaces synced at once, killed then rerun", Points, lost, duplicates,
            exitCodes.ToList(), problems.Count == 0, notes));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(midRun >= Points - 1, $"only {midRun} of {Points} kills landed while the run was going");
    }
}
