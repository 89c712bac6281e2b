using System.Globalization;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// docs/reliability.md: "Killing the process at any moment loses nothing." The real CLI process is
/// killed with SIGKILL at points spread over a full and an incremental sync (measured by a clean
/// run first), then a plain run follows. Right after each kill every committed batch must be
/// whole and no watermark ahead of its data; after the rerun the database must equal the oracle.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class CrashMatrixTests(ReliabilityReport report) : IAsyncLifetime
{
    private const int BatchSize = 20;
    private const int FullPoints = 12;
    private const int IncrementalPoints = 10;
    private const int BudgetedPoints = 6;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        // A little latency per request stretches the run so the kill points spread over it.
        _harness = await SyncHarness.StartAsync(_database, ReliabilityChecks.Workspace(faults: new InstantlySync.FakeApi.FakeFaults { LatencyMs = 15 }));
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_full_sync_killed_at_any_point_then_rerun_ends_equal_to_a_clean_run()
    {
        var requests = await CleanRunAsync("sync", "--all", "--batch-size", "20");

        var matrix = new KillMatrix();
        for (var point = 0; point < FullPoints; point++)
        {
            await ReliabilityChecks.ResetAsync(_database.DataSource);
            await KillAndRerunAsync(matrix, KillPoint.Spread(point, FullPoints, requests), freshDatabase: true, "sync", "--all", "--batch-size", "20");
        }

        Record("full sync (--all), killed then rerun", matrix);
        Assert.True(matrix.Problems.Count == 0, string.Join("\n", matrix.Problems));
        Assert.True(matrix.MidRun >= FullPoints - 1, $"only {matrix.MidRun} of {FullPoints} kills landed while the run was going: {string.Join("; ", matrix.Notes)}");
    }

    [Fact]
    public async Task An_incremental_sync_killed_at_any_point_then_rerun_ends_equal_to_a_clean_run()
    {
        var first = await RunAsync("sync", "--all", "--batch-size", "20");
        Assert.True(first.ExitCode == 0, first.Output);
        _harness.Fake.AdvanceClock(TimeSpan.FromHours(1));
        var requests = await CleanRunAsync("sync", "--batch-size", "20");

        var matrix = new KillMatrix();
        for (var point = 0; point < IncrementalPoints; point++)
        {
            // Every point starts from a synced database and an hour of new activity in the workspace.
            _harness.Fake.AdvanceClock(TimeSpan.FromHours(1));
            await KillAndRerunAsync(matrix, KillPoint.Spread(point, IncrementalPoints, requests), freshDatabase: false, "sync", "--batch-size", "20");
        }

        Record("incremental sync, killed then rerun", matrix);
        Assert.True(matrix.Problems.Count == 0, string.Join("\n", matrix.Problems));
        Assert.True(matrix.MidRun >= IncrementalPoints - 1, $"only {matrix.MidRun} of {IncrementalPoints} kills landed while the run was going: {string.Join("; ", matrix.Notes)}");
    }

    [Fact]
    public async Task A_budgeted_sync_killed_at_any_point_then_rerun_ends_equal_to_a_clean_run()
    {
        // Paced to 10 requests a second, the full sync needs longer than its 2 s budget, so the
        // kills land before the budget, while entities stop at it, and while the last batches commit.
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "10";
        string[] budgeted = ["sync", "--all", "--batch-size", "20", "--max-duration", "2s"];
        var before = _harness.Fake.Stats.Requests;
        var clean = await RunAsync(budgeted);
        Assert.True(clean.ExitCode == 5, $"the budgeted run exited {clean.ExitCode}, not 5 (timeout): {clean.Output}");
        var requests = _harness.Fake.Stats.Requests - before;

        var matrix = new KillMatrix();
        for (var point = 0; point < BudgetedPoints; point++)
        {
            await ReliabilityChecks.ResetAsync(_database.DataSource);
            await KillAndRerunAsync(matrix, KillPoint.Spread(point, BudgetedPoints, requests), freshDatabase: true, budgeted);
        }

        Record("full sync with a time budget (--max-duration), killed then rerun without one", matrix);
        Assert.True(matrix.Problems.Count == 0, string.Join("\n", matrix.Problems));
        Assert.True(matrix.MidRun >= BudgetedPoints - 2, $"only {matrix.MidRun} of {BudgetedPoints} kills landed while the run was going: {string.Join("; ", matrix.Notes)}");
    }

    /// <summary>A clean run that must end equal to the oracle; returns how many API requests it made.</summary>
    private async Task<long> CleanRunAsync(params string[] args)
    {
        var before = _harness.Fake.Stats.Requests;
        var clean = await RunAsync(args);
        Assert.True(clean.ExitCode == 0, clean.Output);
        Assert.Empty((await ReliabilityChecks.OracleAsync(_harness)).Differences);
        return _harness.Fake.Stats.Requests - before;
    }

    private async Task KillAndRerunAsync(KillMatrix matrix, KillPoint point, bool freshDatabase, params string[] args)
    {
        var label = $"kill after {point}";
        var servedBefore = _harness.Fake.Stats.Requests;
        int? exitedOnItsOwn = null;
        using (var process = CliProcess.Start(_harness.Environment(), args))
        {
            // Progress is the fake's request count: the bounded write pipeline keeps the
            // committed rows within two batches of what has been fetched.
            while (!process.HasExited && _harness.Fake.Stats.Requests - servedBefore < point.Requests)
            {
                await Task.Delay(5);
            }

            await Task.Delay(point.Extra);
            if (process.HasExited)
            {
                matrix.Notes.Add($"{label}: the run had already exited {process.ExitCode}");
                exitedOnItsOwn = process.ExitCode;
            }
            else
            {
                matrix.MidRun++;
                matrix.KillTimes.Add(process.Elapsed);
            }

            process.Kill();
            matrix.Seen(process.ExitCode);
        }

        var abandoned = (await ReliabilityChecks.BatchesAsync(_database.DataSource)).Where(b => b.Status == "running").Select(b => b.Id).ToList();

        var rows = await ReliabilityChecks.StoredRowsAsync(_database.DataSource);
        matrix.RowsAtKill.Add(rows);
        matrix.Points++;

        // Right after the kill: nothing torn, nothing claimed that is not there.
        foreach (var line in await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource))
        {
            matrix.Problems.Add($"{label}: {line}");
        }

        var state = await ReliabilityChecks.OracleAsync(_harness);
        if (state.Duplicates > 0 || state.Extra > 0 || (freshDatabase && state.Mismatched > 0))
        {
            matrix.Problems.Add($"{label}: after the kill the stored rows disagree with the API: {string.Join("; ", state.Differences)}");
        }

        // A run that ended at its time budget committed what it had fetched, part batches included
        // (EntityPipeline), without the watermarks of the entities it stopped: not a torn batch.
        if (freshDatabase && exitedOnItsOwn != ExitCodes.TimedOut)
        {
            foreach (var line in await ReliabilityChecks.TornBatchesAsync(_database.DataSource, _harness.Fake, BatchSize))
            {
                matrix.Problems.Add($"{label}: {line}");
            }
        }

        var rerun = await RunAsync("sync", "--batch-size", "20");
        matrix.Seen(rerun.ExitCode);
        if (rerun.ExitCode != 0)
        {
            matrix.Problems.Add($"{label}: the rerun exited {rerun.ExitCode}: {rerun.Output}");
        }

        var end = await ReliabilityChecks.OracleAsync(_harness);
        matrix.Lost += end.Missing;
        matrix.Duplicates += end.Duplicates;
        matrix.Problems.AddRange(end.Differences.Select(d => $"{label}: after the rerun: {d}"));
        matrix.Problems.AddRange((await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource)).Select(d => $"{label}: after the rerun: {d}"));

        // The killed run's batch row, left "running", is closed by the rerun (BatchStore.CloseAbandonedAsync).
        var batches = await ReliabilityChecks.BatchesAsync(_database.DataSource);
        foreach (var (id, status, error) in batches.Where(b => abandoned.Contains(b.Id)))
        {
            if (status != "failed" || error?.Contains("interrupted", StringComparison.Ordinal) != true)
            {
                matrix.Problems.Add($"{label}: the killed run's batch {id} is '{status}' ({error}), not closed as interrupted by the rerun");
            }
        }

        if (batches.Any(b => b.Status == "running"))
        {
            matrix.Problems.Add($"{label}: a batch is still 'running' after the rerun finished");
        }
    }

    private Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(params string[] args)
        => CliProcess.RunAsync(_harness.Environment(), RunTimeout, args);

    private void Record(string scenario, KillMatrix matrix)
    {
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{matrix.MidRun} kills mid-run, {matrix.KillTimes.DefaultIfEmpty().Min().TotalSeconds:0.0}-{matrix.KillTimes.DefaultIfEmpty().Max().TotalSeconds:0.0} s after start; "
            + $"rows in the database at the kill: {matrix.RowsAtKill.Min()}-{matrix.RowsAtKill.Max()}; 137 = killed, then the rerun's code");
        report.Record(new ScenarioResult(ReliabilityGroups.Crashes, scenario, matrix.Points, matrix.Lost, matrix.Duplicates,
            matrix.ExitCodes, matrix.Problems.Count == 0, notes));
    }

    /// <summary>Kill once the run has made <paramref name="Requests"/> API requests, plus <paramref name="Extra"/>.</summary>
    private sealed record KillPoint(long Requests, TimeSpan Extra)
    {
        /// <summary>Point <paramref name="index"/> of <paramref name="count"/>, spread from the first request to the last of a clean run.</summary>
        public static KillPoint Spread(int index, int count, long requests)
        {
            var at = 1 + (long)Math.Round((requests - 2) * (double)index / (count - 1));
            // A varying few milliseconds more, so kills do not all land right at a response.
            return new KillPoint(at, TimeSpan.FromMilliseconds(index * 37 % 60));
        }

        public override string ToString() => $"{Requests} requests + {Extra.TotalMilliseconds:0} ms";
    }

    private sealed class KillMatrix
    {
        public int Points { get; set; }
        public int MidRun { get; set; }
        public List<string> Notes { get; } = [];
        public int Lost { get; set; }
        public int Duplicates { get; set; }
        public List<string> Problems { get; } = [];
        public List<long> RowsAtKill { get; } = [];
        public List<TimeSpan> KillTimes { get; } = [];
        public List<int> ExitCodes { get; } = [];

        public void Seen(int exitCode)
        {
            if (!ExitCodes.Contains(exitCode))
            {
                ExitCodes.Add(exitCode);
            }
        }
    }
}
