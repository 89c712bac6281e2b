using System.Diagnostics;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// PostgreSQL stopped hard (<c>pg_ctl stop -m immediate</c>) in the middle of a run, on a private
/// cluster: the run must exit non-zero soon instead of hanging; after the server's crash
/// recovery every committed batch is whole and no watermark ahead; a rerun equals the oracle.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class DatabaseOutageTests(ReliabilityReport report) : IAsyncLifetime
{
    private const int BatchSize = 20;
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(60);
    private static readonly int[] StopAfterRows = [BatchSize, 150, 300];

    private readonly PrivateCluster _cluster = new();
    private FakeInstantly _fake = null!;
    private string _logs = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _fake = await FakeInstantly.StartAsync(ReliabilityChecks.Workspace(faults: new FakeFaults { LatencyMs = 15 }));
        _logs = Directory.CreateTempSubdirectory("isync-logs-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task A_run_whose_database_stops_exits_soon_and_a_rerun_after_the_restart_equals_the_oracle()
    {
        var problems = new List<string>();
        var exits = new List<int>();
        var exitTimes = new List<TimeSpan>();
        var lost = 0;
        var duplicates = 0;
        foreach (var rows in StopAfterRows)
        {
            await ReliabilityChecks.ResetAsync(_cluster.DataSource);
            using (var run = CliProcess.Start(Environment(), "sync", "--all", "--batch-size", "20"))
            {
                while (!run.HasExited && await ReliabilityChecks.StoredRowsAsync(_cluster.DataSource) < rows)
                {
                    await Task.Delay(10);
                }

                Assert.False(run.HasExited, $"the run ended before {rows} rows were stored: {run.Output}");
                await _cluster.StopImmediatelyAsync();
                var stopped = Stopwatch.StartNew();
                var exit = await run.WaitAsync(ExitWithin);
                exitTimes.Add(stopped.Elapsed);
                exits.Add(exit);
                if (exit == 0)
                {
                    problems.Add($"stopped after {rows} rows: the run exited 0 although its database was gone");
                }
            }

            await _cluster.StartAsync();
            problems.AddRange((await Oracle.WatermarkDifferencesAsync(_fake, _cluster.DataSource)).Select(d => $"stopped after {rows} rows: {d}"));
            problems.AddRange((await ReliabilityChecks.TornBatchesAsync(_cluster.DataSource, _fake, BatchSize)).Select(d => $"stopped after {rows} rows: {d}"));

            var rerun = await CliProcess.RunAsync(Environment(), TimeSpan.FromSeconds(120), "sync", "--batch-size", "20");
            exits.Add(rerun.ExitCode);
            if (rerun.ExitCode != 0)
            {
                problems.Add($"stopped after {rows} rows: the rerun exited {rerun.ExitCode}: {rerun.Output}");
            }

            var oracle = await Oracle.CheckAsync(_fake, _cluster.DataSource, LifetimeStart, Today);
            lost += oracle.Missing;
            duplicates += oracle.Duplicates;
            problems.AddRange(oracle.Differences.Select(d => $"stopped after {rows} rows, after the rerun: {d}"));
            if ((await ReliabilityChecks.BatchesAsync(_cluster.DataSource)).Any(b => b.Status == "running"))
            {
                problems.Add($"stopped after {rows} rows: the interrupted run's batch is still 'running' after the rerun");
            }
        }

        report.Record(new ScenarioResult(ReliabilityGroups.DatabaseOutage, "pg_ctl stop -m immediate mid-run, restart, rerun",
            StopAfterRows.Length, lost, duplicates, exits.Distinct().ToList(), problems.Count == 0,
            $"stopped after {string.Join(", ", StopAfterRows)} rows; the runs exited {exitTimes.Min().TotalSeconds:0.0}-{exitTimes.Max().TotalSeconds:0.0} s after the stop"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private DateOnly LifetimeStart => DateOnly.FromDateTime(_fake.Workspace.EarliestCampaignCreated.UtcDateTime);

    private DateOnly Today => DateOnly.FromDateTime(_fake.Now.UtcDateTime);

    private Dictionary<string, string?> Environment() => new()
    {
        ["INSTANTLY_API_KEY"] = _fake.ApiKey,
        ["DATABASE_URL"] = _cluster.Url,
        ["INSTANTLY_SYNC__Instantly__BaseUrl"] = _fake.BaseUrl,
        ["INSTANTLY_SYNC__Logging__Directory"] = _logs,
        ["INSTANTLY_SYNC__Instantly__PageSize"] = "50",
        ["INSTANTLY_SYNC__Instantly__EmailsRequestsPerMinute"] = "6000",
    };
}
