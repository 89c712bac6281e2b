using Dapper;
using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

/// <summary>The sync against a misbehaving API: it ends equal to a clean run, or fails the way SPEC section 2 says.</summary>
public sealed class SyncFaultTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _harness = await SyncHarness.StartAsync(_database);
        // Retries back off for real; keep them short so the suite stays quick.
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "8";
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Server_errors_dropped_connections_and_truncated_bodies_end_equal_to_a_clean_run()
    {
        _harness.Fake.UpdateFaults(f => f with { ErrorRate = 0.08, DropConnectionRate = 0.04, TruncateRate = 0.03, Seed = 5 });

        var result = await _harness.SyncAsync("--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await _harness.DifferencesAsync());
        var stats = _harness.Fake.Stats;
        Assert.True(stats.Faults > 0, "the fake injected faults");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rate_limited_responses_with_or_without_retry_after_are_waited_out(bool retryAfter)
    {
        // The fake allows far less than the client's budget, so it answers 429 often.
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "100";
        await _harness.DisposeAsync();
        _harness = await SyncHarness.StartAsync(_database, new FakeOptions
        {
            Seed = 11, Campaigns = 3, Accounts = 4, Leads = 300, Emails = 200, Days = 20,
            RequestsPerSecond = 8,
            Faults = new FakeFaults { RetryAfter = retryAfter },
        });
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "100";

        var result = await _harness.SyncAsync("--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await _harness.DifferencesAsync());
        Assert.True(_harness.Fake.Stats.RateLimited > 0, "the fake answered 429");
    }

    [Fact]
    public async Task A_stuck_cursor_fails_its_entities_with_exit_1_and_a_dead_letter_instead_of_hanging()
    {
        _harness.Fake.UpdateFaults(f => f with { StuckCursorRate = 1.0 });

        var run = _harness.SyncAsync("--all", "--entities", "accounts,leads,daily_analytics");
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(run, finished);
        var result = await run;
        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        var (status, counts) = await _harness.LastBatchAsync();
        Assert.Equal("partial", status);
        Assert.Equal("failed", counts.GetProperty("leads").GetProperty("status").GetString());
        Assert.Equal("succeeded", counts.GetProperty("daily_analytics").GetProperty("status").GetString());
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var letters = await connection.QueryAsync<string>("SELECT entity FROM sync_dead_letters WHERE error LIKE '%cursor%'");
        Assert.Contains("leads", letters);
    }

    [Fact]
    public async Task A_403_on_one_entity_fails_that_entity_only()
    {
        _harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/api/v2/emails"] });

        var result = await _harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        Assert.Empty(await _harness.DifferencesAsync(["campaigns", "accounts", "leads", "daily_analytics", "steps"]));
        var (_, counts) = await _harness.LastBatchAsync();
        Assert.Equal("failed", counts.GetProperty("emails").GetProperty("status").GetString());
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(403, await connection.ExecuteScalarAsync<int>("SELECT http_status FROM sync_dead_letters WHERE entity = 'emails'"));
    }

    [Fact]
    public async Task A_rejected_key_exits_3_and_writes_no_rows()
    {
        _harness.ExtraEnvironment["INSTANTLY_API_KEY"] = "not-the-key";

        var result = await _harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.DoesNotContain("not-the-key", result.All, StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw"));
        Assert.Equal("failed", await connection.ExecuteScalarAsync<string>("SELECT status FROM sync_batches"));
    }

    [Fact]
    public async Task An_unpaid_workspace_exits_3()
    {
        _harness.Fake.UpdateFaults(f => f with { PaymentRequired = true });

        var result = await _harness.SyncAsync();

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("402", result.All, StringComparison.Ordinal);
    }
}
