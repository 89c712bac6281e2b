using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// docs/reliability.md, overlap: the advisory lock makes overlapping runs impossible (exit 4 with the holder's
/// batch id), and dies with its process, so a killed run never blocks the next one.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class OverlapTests(ReliabilityReport report) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);
    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        // Latency keeps a run going for seconds, long enough for the other one to meet its lock.
        _harness = await SyncHarness.StartAsync(_database, ReliabilityChecks.Workspace(faults: new InstantlySync.FakeApi.FakeFaults { LatencyMs = 40 }));
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_runs_started_together_one_runs_and_the_other_exits_4_at_once()
    {
        // Slow enough that the running one is still busy however long the other takes to start.
        _harness.Fake.UpdateFaults(f => f with { LatencyMs = 300 });
        using var first = CliProcess.Start(_harness.Environment(), "sync", "--all", "--batch-size", "20");
        using var second = CliProcess.Start(_harness.Environment(), "sync", "--all", "--batch-size", "20");

        var exits = await Task.WhenAll(first.WaitAsync(RunTimeout), second.WaitAsync(RunTimeout));

        Assert.Equal([ExitCodes.Success, ExitCodes.LockHeld], exits.Order());
        var (winner, loser) = exits[0] == ExitCodes.Success ? (first, second) : (second, first);
        Assert.True(loser.Elapsed < winner.Elapsed, $"the locked-out run took {loser.Elapsed}, the running one {winner.Elapsed}:\n{loser.Output}\n{winner.Output}");
        var batches = await ReliabilityChecks.BatchesAsync(_database.DataSource);
        var batch = Assert.Single(batches);
        Assert.Equal("succeeded", batch.Status);
        Assert.True(loser.Output.Contains($"another sync is running (batch {batch.Id})", StringComparison.Ordinal), loser.Output);
        var oracle = await ReliabilityChecks.OracleAsync(_harness);
        Assert.Empty(oracle.Differences);
        report.Record(new ScenarioResult(ReliabilityGroups.Overlap, "two runs started together", 2, oracle.Missing, oracle.Duplicates,
            [ExitCodes.Success, ExitCodes.LockHeld], true,
            $"one ran ({winner.Elapsed.TotalSeconds:0.0} s), the other exited 4 after {loser.Elapsed.TotalSeconds:0.0} s naming the running batch"));
    }

    [Fact]
    public async Task A_run_killed_while_holding_the_lock_does_not_block_the_next_one()
    {
        const int Cycles = 2;
        var exits = new List<int>();
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            await ReliabilityChecks.ResetAsync(_database.DataSource);
            using (var holder = CliProcess.Start(_harness.Environment(), "sync", "--all", "--batch-size", "20"))
            {
                while (!holder.HasExited && await ReliabilityChecks.StoredRowsAsync(_database.DataSource) < 40)
                {
                    await Task.Delay(10);
                }

                Assert.False(holder.HasExited, holder.Output);
                holder.Kill();
                exits.Add(holder.ExitCode);
            }

            var abandoned = Assert.Single(await ReliabilityChecks.BatchesAsync(_database.DataSource), b => b.Status == "running");

            // Started at once: the killed session's lock must already be gone.
            var next = await CliProcess.RunAsync(_harness.Environment(), RunTimeout, "sync", "--batch-size", "20");

            exits.Add(next.ExitCode);
            Assert.True(next.ExitCode == ExitCodes.Success, next.Output);
            var closed = (await ReliabilityChecks.BatchesAsync(_database.DataSource)).Single(b => b.Id == abandoned.Id);
            Assert.Equal("failed", closed.Status);
            Assert.Contains("interrupted", closed.Error, StringComparison.Ordinal);
        }

        var oracle = await ReliabilityChecks.OracleAsync(_harness);
        Assert.Empty(oracle.Differences);
        Assert.Empty(await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource));
        report.Record(new ScenarioResult(ReliabilityGroups.Overlap, "lock holder killed (SIGKILL), next run starts at once", Cycles * 2,
            oracle.Missing, oracle.Duplicates, exits.Distinct().ToList(), true,
            "the next run was not locked out; it closed the killed run's batch as failed (interrupted)"));
    }

    [Fact]
    public async Task A_run_locked_out_just_after_the_holder_took_the_lock_still_names_the_holders_batch()
    {
        // The holder's moment between taking the lock and writing its batch row, held open on purpose.
        var workspaceId = _harness.Fake.Workspace.WorkspaceId;
        await using var held = await RunLock.TryAcquireAsync(_database.DataSource, workspaceId, CancellationToken.None);
        Assert.NotNull(held);
        await using var holder = await _database.DataSource.OpenConnectionAsync();
        var batchId = Guid.CreateVersion7();
        var locked = _harness.SyncAsync();
        await Task.Delay(300);
        await holder.ExecuteAsync(
            "INSERT INTO sync_batches (id, workspace_id, mode, entities, status, started_at) VALUES (@batchId, @workspaceId, 'incremental', '{leads}', 'running', now())",
            new { batchId, workspaceId });

        var result = await locked;

        Assert.Equal(ExitCodes.LockHeld, result.ExitCode);
        Assert.Contains($"another sync is running (batch {batchId})", result.All, StringComparison.Ordinal);
        report.Record(new ScenarioResult(ReliabilityGroups.Overlap, "locked out while the holder is still starting", 1, 0, 0,
            [result.ExitCode], true, "exit 4 names the holder's batch, written 300 ms after it took the lock"));
    }
}
