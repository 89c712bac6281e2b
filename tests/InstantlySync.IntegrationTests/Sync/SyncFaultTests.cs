using Dapper;
using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

/// <summary>The sync against a misbehaving API: it ends equal to a clean run, or fails the way the README's exit codes say.</summary>
public sealed class SyncFaultTests : HarnessTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Retries back off for real: enough of them to outlast the injected fault rates.
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "8";
    }

    [Fact]
    public async Task Server_errors_dropped_connections_and_truncated_bodies_end_equal_to_a_clean_run()
    {
        Harness.Fake.UpdateFaults(f => f with { ErrorRate = 0.08, DropConnectionRate = 0.04, TruncateRate = 0.03, Seed = 5 });

        var result = await Harness.SyncAsync("--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await Harness.DifferencesAsync());
        var stats = Harness.Fake.Stats;
        Assert.True(stats.Faults > 0, "the fake injected faults");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rate_limited_responses_with_or_without_retry_after_are_waited_out(bool retryAfter)
    {
        // The fake allows far less than the client's budget, so it answers 429 often.
        await RestartFakeAsync(new FakeOptions
        {
            Seed = 11, Campaigns = 3, Accounts = 4, Leads = 300, Emails = 200, Days = 20,
            RequestsPerSecond = 8,
            Faults = new FakeFaults { RetryAfter = retryAfter },
        });
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "100";

        var result = await Harness.SyncAsync("--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await Harness.DifferencesAsync());
        Assert.True(Harness.Fake.Stats.RateLimited > 0, "the fake answered 429");
    }

    [Fact]
    public async Task A_stuck_cursor_fails_its_entities_with_exit_1_and_a_dead_letter_instead_of_hanging()
    {
        Harness.Fake.UpdateFaults(f => f with { StuckCursorRate = 1.0 });

        var run = Harness.SyncAsync("--all", "--entities", "accounts,leads,daily_analytics");
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(run, finished);
        var result = await run;
        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        var (status, counts) = await Harness.LastBatchAsync();
        Assert.Equal("partial", status);
        Assert.Equal("failed", counts.GetProperty("leads").GetProperty("status").GetString());
        Assert.Equal("succeeded", counts.GetProperty("daily_analytics").GetProperty("status").GetString());
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var letters = await connection.QueryAsync<string>("SELECT entity FROM sync_dead_letters WHERE error LIKE '%cursor%'");
        Assert.Contains("leads", letters);
    }

    [Fact]
    public async Task A_403_on_one_entity_fails_that_entity_only()
    {
        Harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/api/v2/emails"] });

        var result = await Harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        Assert.Empty(await Harness.DifferencesAsync(["campaigns", "accounts", "leads", "daily_analytics", "steps"]));
        var (_, counts) = await Harness.LastBatchAsync();
        Assert.Equal("failed", counts.GetProperty("emails").GetProperty("status").GetString());
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal(403, await connection.ExecuteScalarAsync<int>("SELECT http_status FROM sync_dead_letters WHERE entity = 'emails'"));
    }

    [Fact]
    public async Task A_rejected_key_exits_3_writes_no_rows_and_is_a_failed_run_once_the_workspace_is_known()
    {
        Harness.ExtraEnvironment["INSTANTLY_API_KEY"] = "not-the-key";

        var first = await Harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.PreconditionFailed, first.ExitCode);
        Assert.DoesNotContain("not-the-key", first.All, StringComparison.Ordinal);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw"));
        // The workspace's id is unknown until its key works: the failure is logged, not a run of it.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sync_batches"));
        Assert.Contains("401", await connection.ExecuteScalarAsync<string>("SELECT message FROM sync_logs WHERE level = 'ERROR'"), StringComparison.Ordinal);

        Harness.ExtraEnvironment.Remove("INSTANTLY_API_KEY");
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        Harness.ExtraEnvironment["INSTANTLY_API_KEY"] = "not-the-key";
        var later = await Harness.SyncAsync();

        Assert.Equal(ExitCodes.PreconditionFailed, later.ExitCode);
        var (status, _) = await Harness.LastBatchAsync();
        Assert.Equal("failed", status);
    }

    [Fact]
    public async Task An_unpaid_workspace_exits_3()
    {
        Harness.Fake.UpdateFaults(f => f with { PaymentRequired = true });

        var result = await Harness.SyncAsync();

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("402", result.All, StringComparison.Ordinal);
    }
}
