using System.Diagnostics;
using System.Globalization;
using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.IntegrationTests.Modeling;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// README "The modeled layer": the modeled rows and the new watermarks commit in one transaction,
/// so a killed run changes nothing and the next run redoes it. The real CLI is killed with SIGKILL
/// at points spread over a <c>transform --full</c> that builds a workspace of thousands of leads
/// from nothing, and over incremental transforms that take in six hours of changes each. Right after
/// each kill the layer must be as it was before the run or as the run would have left it, never in
/// between; after a plain <c>transform</c> it must equal the oracle.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class TransformCrashTests(ReliabilityReport report) : IAsyncLifetime
{
    private const int FullPoints = 6;
    private const int IncrementalPoints = 4;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(300);
    // The fake's clock starts two days behind the machine's, which the CLI processes read: 6 rounds of 6 hours stay behind it.
    private static readonly TimeSpan Activity = TimeSpan.FromHours(6);
    private static readonly string[] ModeledTables = ["campaign_leads", "leads", "companies", "campaigns", "events"];

    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        // Enough leads that a full transform takes seconds, so the kills spread over its statements and its commit.
        _harness = await SyncHarness.StartAsync(_database, ReliabilityChecks.Workspace(seed: 29) with { Leads = 8_000, Emails = 2_000, Campaigns = 8 });
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__PageSize"] = "100";
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task SIGKILL_mid_transform_is_healed_by_the_next_run()
    {
        await SyncAsync();
        var workspaceId = _harness.Fake.Workspace.WorkspaceId;
        var expected = Oracle();

        // Two clean runs of each kind first: the quicker sets the time the kills spread over, and
        // each rerun after a kill (the same work) lowers it, since the first runs on a new
        // database are slower while its statistics and caches settle.
        var cleanFull = TimeSpan.MaxValue;
        for (var round = 0; round < 2; round++)
        {
            await EmptyTheLayerAsync(workspaceId);
            cleanFull = Min(cleanFull, await CleanRunAsync("transform", "--full"));
            Assert.Empty(await ModelTables.DifferencesAsync(_database.DataSource, expected));
        }

        var built = await ModelTables.SnapshotAsync(_database.DataSource, workspaceId);
        var full = new TransformMatrix { CleanDuration = cleanFull };

        for (var point = 0; point < FullPoints; point++)
        {
            await EmptyTheLayerAsync(workspaceId);
            await KillAndRerunAsync(full, point, FullPoints, expected, built, "transform", "--full");
        }

        Record("transform --full of an empty layer, killed then rerun as a plain transform", full);

        var cleanIncremental = TimeSpan.MaxValue;
        for (var round = 0; round < 2; round++)
        {
            _harness.Fake.AdvanceClock(Activity);
            await SyncAsync();
            cleanIncremental = Min(cleanIncremental, await CleanRunAsync("transform"));
            Assert.Empty(await ModelTables.DifferencesAsync(_database.DataSource, Oracle()));
        }

        var incremental = new TransformMatrix { CleanDuration = cleanIncremental };

        for (var point = 0; point < IncrementalPoints; point++)
        {
            // Every point starts from an up-to-date layer and six hours of new activity synced without its transform.
            _harness.Fake.AdvanceClock(Activity);
            await SyncAsync();
            expected = Oracle();
            await KillAndRerunAsync(incremental, point, IncrementalPoints, expected, built: null, "transform");
        }

        Record("incremental transform of six hours of changes, killed then rerun", incremental);

        // The healed layer is also what a clean rebuild makes of the same raw rows.
        var healed = await ModelTables.SnapshotAsync(_database.DataSource, workspaceId);
        var rebuild = await RunAsync("transform", "--full");
        Assert.True(rebuild.ExitCode == 0, rebuild.Output);
        var drift = ModelTables.SnapshotDifferences(healed, await ModelTables.SnapshotAsync(_database.DataSource, workspaceId), "healed", "full rebuild");

        Assert.True(full.Problems.Count == 0, string.Join("\n", full.Problems));
        Assert.True(incremental.Problems.Count == 0, string.Join("\n", incremental.Problems));
        Assert.True(drift.Count == 0, "The layer healed after the kills differs from a full rebuild:\n" + string.Join("\n", drift));
        // Kills are timed from the quickest clean run; on a busy machine a few land after the run
        // ended, which proves nothing either way. Most must land mid-run for the matrix to mean something.
        Assert.True(full.MidRun > FullPoints / 2, $"only {full.MidRun} of {FullPoints} kills landed while the full transform ran: {string.Join("; ", full.Notes)}");
        Assert.True(incremental.MidRun >= IncrementalPoints / 2,
            $"only {incremental.MidRun} of {IncrementalPoints} kills landed while the incremental transform ran: {string.Join("; ", incremental.Notes)}");
    }

    /// <summary>
    /// Starts the transform, waits for its batch row (it then holds the lock and is reading), kills
    /// it part of the way through the time the previous clean run of the same kind took, checks the
    /// layer is whole, reruns <c>transform</c> and checks the layer against the oracle.
    /// </summary>
    private async Task KillAndRerunAsync(
        TransformMatrix matrix, int point, int points, ModelExpectation expected, IReadOnlyDictionary<string, IReadOnlyList<string>>? built, params string[] args)
    {
        var workspaceId = _harness.Fake.Workspace.WorkspaceId;
        var before = await ModelTables.SnapshotAsync(_database.DataSource, workspaceId);
        var watermarksBefore = await WatermarksAsync(workspaceId);
        var duration = matrix.CleanDuration!.Value;
        var label = $"point {point + 1} of {points}";

        using (var process = CliProcess.Start(_harness.Environment(), args))
        {
            var running = await WaitForTransformBatchAsync(process);
            var clock = Stopwatch.StartNew();
            // Spread from just after the batch row to near the end of the clean run, where the commit is.
            await Task.Delay(duration * (0.05 + 0.85 * point / (points - 1)));
            if (!running || process.HasExited)
            {
                matrix.Notes.Add($"{label}: the run had already exited");
            }
            else
            {
                matrix.MidRun++;
                matrix.KillTimes.Add(clock.Elapsed);
            }

            process.Kill();
            matrix.Seen(process.ExitCode);
        }

        matrix.Points++;
        var abandoned = (await ReliabilityChecks.BatchesAsync(_database.DataSource)).Where(b => b.Status == "running").Select(b => b.Id).ToList();

        // Right after the kill: the layer and its watermarks are all before the run or all after it.
        var atKill = await ModelTables.SnapshotAsync(_database.DataSource, workspaceId);
        var watermarksAtKill = await WatermarksAsync(workspaceId);
        var untouched = ModelTables.SnapshotDifferences(before, atKill, "before", "after the kill").Count == 0 && watermarksAtKill == watermarksBefore;
        var done = (await ModelTables.DifferencesAsync(_database.DataSource, expected)).Count == 0 && watermarksAtKill != watermarksBefore;
        if (untouched)
        {
            matrix.RolledBack++;
        }
        else if (done)
        {
            matrix.Committed++;
        }
        else
        {
            matrix.Problems.Add($"{label}: after the kill the layer is neither as before the run nor as the run would leave it (watermarks {watermarksBefore} -> {watermarksAtKill}):\n"
                + string.Join("\n", ModelTables.SnapshotDifferences(before, atKill, "before", "after the kill")));
        }

        var rerun = await TimedRunAsync("transform");
        matrix.Seen(rerun.ExitCode);
        if (rerun.ExitCode != 0)
        {
            matrix.Problems.Add($"{label}: the rerun exited {rerun.ExitCode}: {rerun.Output}");
        }
        else if (untouched && rerun.Took < matrix.CleanDuration)
        {
            // After a rollback the rerun did the killed run's work, so it times that work too.
            matrix.CleanDuration = rerun.Took;
        }

        matrix.Problems.AddRange((await ModelTables.DifferencesAsync(_database.DataSource, expected)).Select(d => $"{label}: after the rerun: {d}"));
        if (built is not null)
        {
            var after = await ModelTables.SnapshotAsync(_database.DataSource, workspaceId);
            matrix.Problems.AddRange(ModelTables.SnapshotDifferences(built, after, "the clean build", "the rerun").Select(d => $"{label}: {d}"));
        }

        // The killed run's batch row, left 'running', is closed by the rerun.
        var batches = await ReliabilityChecks.BatchesAsync(_database.DataSource);
        foreach (var (id, status, error) in batches.Where(b => abandoned.Contains(b.Id)))
        {
            if (status != "failed" || error?.Contains("interrupted", StringComparison.Ordinal) != true)
            {
                matrix.Problems.Add($"{label}: the killed run's batch {id} is '{status}' ({error}), not closed as interrupted by the rerun");
            }
        }
    }

    /// <summary>A transform run to its end, successful; returns how long it ran after its batch row appeared.</summary>
    private async Task<TimeSpan> CleanRunAsync(params string[] args)
    {
        var run = await TimedRunAsync(args);
        Assert.True(run.ExitCode == 0, run.Output);
        return run.Took;
    }

    /// <summary>A transform run to its end, and how long it ran after its batch row appeared.</summary>
    private async Task<(int ExitCode, string Output, TimeSpan Took)> TimedRunAsync(params string[] args)
    {
        using var process = CliProcess.Start(_harness.Environment(), args);
        await WaitForTransformBatchAsync(process);
        var clock = Stopwatch.StartNew();
        var exit = await process.WaitAsync(RunTimeout);
        return (exit, process.Output, clock.Elapsed);
    }

    /// <summary>True once the transform's batch row is 'running'; false when the process exited first.</summary>
    private async Task<bool> WaitForTransformBatchAsync(CliProcess process)
    {
        var deadline = Stopwatch.StartNew();
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        while (!process.HasExited && deadline.Elapsed < RunTimeout)
        {
            if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM sync_batches WHERE mode = 'transform' AND status = 'running')"))
            {
                return true;
            }

            await Task.Delay(5);
        }

        return false;
    }

    /// <summary>The workspace's modeled rows and transform watermarks gone, as before its first transform.</summary>
    private async Task EmptyTheLayerAsync(string workspaceId)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        foreach (var table in ModeledTables)
        {
            await connection.ExecuteAsync($"DELETE FROM {ModelTables.Schema}.{table} WHERE workspace_id = @workspaceId", new { workspaceId });
        }

        await connection.ExecuteAsync("DELETE FROM sync_transform_state WHERE workspace_id = @workspaceId", new { workspaceId });
    }

    private async Task<string> WatermarksAsync(string workspaceId)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Table, DateTime Watermark)>(
            "SELECT source_table, watermark FROM sync_transform_state WHERE workspace_id = @workspaceId ORDER BY source_table", new { workspaceId });
        return string.Join(", ", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Table}={r.Watermark:O}")));
    }

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;

    private ModelExpectation Oracle() => ModelOracle.Compute(ModelInput.From(_harness.Fake.Workspace));

    private async Task SyncAsync()
    {
        var sync = await RunAsync("sync", "--all", "--no-transform");
        Assert.True(sync.ExitCode == 0, sync.Output);
    }

    private Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(params string[] args)
        => CliProcess.RunAsync(_harness.Environment(), RunTimeout, args);

    private void Record(string scenario, TransformMatrix matrix)
    {
        var seconds = (matrix.CleanDuration ?? TimeSpan.Zero).TotalSeconds;
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{matrix.MidRun} kills mid-transform, {matrix.KillTimes.DefaultIfEmpty().Min().TotalSeconds:0.00}-{matrix.KillTimes.DefaultIfEmpty().Max().TotalSeconds:0.00} s "
            + $"into a {seconds:0.00} s transform; at the kill {matrix.RolledBack} layers as before the run, {matrix.Committed} as after it; "
            + $"137 = killed, then the rerun's code; the rerun ends equal to the oracle");
        report.Record(new ScenarioResult(ReliabilityGroups.Crashes, scenario, matrix.Points, 0, 0, matrix.ExitCodes, matrix.Problems.Count == 0, notes));
    }

    private sealed class TransformMatrix
    {
        /// <summary>The quickest clean run of this kind so far: the kills spread over it.</summary>
        public TimeSpan? CleanDuration { get; set; }
        public int Points { get; set; }
        public int MidRun { get; set; }
        public int RolledBack { get; set; }
        public int Committed { get; set; }
        public List<string> Notes { get; } = [];
        public List<string> Problems { get; } = [];
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
