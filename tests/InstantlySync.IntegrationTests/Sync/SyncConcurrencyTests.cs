using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

public sealed class SyncConcurrencyTests : HarnessTest
{

    [Fact]
    public async Task A_second_run_while_one_holds_the_lock_exits_4_naming_the_running_batch()
    {
        Harness.Fake.UpdateFaults(f => f with { LatencyMs = 150 });
        using var cancel = new CancellationTokenSource();
        var first = Harness.RunAsync(["sync", "--all"], cancel.Token);
        Guid? running = null;
        for (var i = 0; i < 100 && running is null; i++)
        {
            await Task.Delay(100);
            await using var connection = await Database.DataSource.OpenConnectionAsync();
            running = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM sync_batches WHERE status = 'running'");
        }

        var second = await Harness.SyncAsync();
        await cancel.CancelAsync();
        await first;

        Assert.NotNull(running);
        Assert.Equal(ExitCodes.LockHeld, second.ExitCode);
        Assert.Contains(running.ToString()!, second.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_mid_run_records_cancelled_and_a_rerun_ends_equal_to_a_clean_run()
    {
        Harness.Fake.UpdateFaults(f => f with { LatencyMs = 40 });
        using var cancel = new CancellationTokenSource();
        var run = Harness.RunAsync(["sync", "--all", "--batch-size", "50"], cancel.Token);
        for (var i = 0; i < 200; i++)
        {
            await Task.Delay(50);
            await using var connection = await Database.DataSource.OpenConnectionAsync();
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw") > 0)
            {
                break;
            }
        }

        await cancel.CancelAsync();
        var cancelled = await run;

        Assert.Equal(ExitCodes.Cancelled, cancelled.ExitCode);
        var (status, _) = await Harness.LastBatchAsync();
        Assert.Equal("cancelled", status);

        Harness.Fake.UpdateFaults(f => f with { LatencyMs = 0 });
        var rerun = await Harness.SyncAsync("--all");
        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.All);
        Assert.Empty(await Harness.DifferencesAsync());
    }
}
