using Dapper;
using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// The resilience promises (docs/reliability.md) against a misbehaving API: transient faults are retried away and the run ends
/// equal to the oracle; a 403 fails one entity (exit 1); a stuck cursor fails its entity without
/// hanging; a 401 or 402 in the middle stops the run (exit 3) with nothing half-written, and a
/// rerun with a good key ends equal to the oracle.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class ApiFaultMatrixTests(ReliabilityReport report) : IAsyncLifetime
{
    private const int BatchSize = 20;
    private const int MaxRunsForRareFaults = 6;
    private static readonly string[] SyncAll = ["--all", "--batch-size", "20"];

    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _harness = await SyncHarness.StartAsync(_database, ReliabilityChecks.Workspace());
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "8";
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__PageSize"] = "20";
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("10% 5xx responses", 0.10, 0.0, 0.0, 0.0)]
    [InlineData("5% dropped connections", 0.0, 0.05, 0.0, 0.0)]
    [InlineData("2% truncated bodies", 0.0, 0.0, 0.02, 0.0)]
    [InlineData("2 s latency spikes past a 1 s timeout", 0.0, 0.0, 0.0, 0.05)]
    public async Task Transient_faults_are_retried_and_the_run_ends_equal_to_the_oracle(
        string scenario, double errorRate, double dropRate, double truncateRate, double spikeProbability)
    {
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__TimeoutSeconds"] = "1";
        var exits = new List<int>();
        var lost = 0;
        var duplicates = 0;
        long faults = 0;
        var runs = 0;
        // A rare fault may miss a small run entirely; more runs (fresh database, new fault seed) until it has struck twice.
        while (runs < MaxRunsForRareFaults && faults < 2)
        {
            runs++;
            await ReliabilityChecks.ResetAsync(_database.DataSource);
            _harness.Fake.ResetStats();
            _harness.Fake.SetFaults(new FakeFaults
            {
                Seed = runs,
                ErrorRate = errorRate,
                DropConnectionRate = dropRate,
                TruncateRate = truncateRate,
                LatencySpikeProbability = spikeProbability,
                LatencySpikeMs = spikeProbability > 0 ? 2000 : 0,
            });

            var result = await _harness.SyncAsync(SyncAll);

            faults += _harness.Fake.Stats.Faults;
            exits.Add(result.ExitCode);
            var oracle = await ReliabilityChecks.OracleAsync(_harness);
            lost += oracle.Missing;
            duplicates += oracle.Duplicates;
            Assert.True(result.ExitCode == ExitCodes.Success, result.All);
            Assert.Empty(oracle.Differences);
            Assert.Empty(await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource));
        }

        Assert.True(faults >= 2, $"the fake injected {faults} faults in {runs} runs");
        Record(scenario, runs, lost, duplicates, exits, $"{faults} faults injected and retried");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rate_limited_responses_with_or_without_retry_after_are_waited_out(bool retryAfter)
    {
        // The fake allows far less than the client's budget, so it answers 429 often.
        await _harness.DisposeAsync();
        _harness = await SyncHarness.StartAsync(_database, ReliabilityChecks.Workspace() with
        {
            RequestsPerSecond = 8,
            Faults = new FakeFaults { RetryAfter = retryAfter },
        });
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "100";
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "10";

        var result = await _harness.SyncAsync(SyncAll);

        var oracle = await ReliabilityChecks.OracleAsync(_harness);
        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(oracle.Differences);
        Assert.True(_harness.Fake.Stats.RateLimited > 0, "the fake answered 429");
        Record(retryAfter ? "429 with Retry-After" : "429 without Retry-After", 1, oracle.Missing, oracle.Duplicates, [result.ExitCode],
            $"{_harness.Fake.Stats.RateLimited} responses were 429");
    }

    [Fact]
    public async Task A_403_on_one_entity_fails_that_entity_and_the_others_succeed()
    {
        _harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/leads"] });

        var forbidden = await _harness.SyncAsync(SyncAll);

        Assert.Equal(ExitCodes.PartialFailure, forbidden.ExitCode);
        Assert.Empty(await _harness.DifferencesAsync(["campaigns", "accounts", "emails", "daily_analytics", "steps"]));
        var (status, counts) = await _harness.LastBatchAsync();
        Assert.Equal("partial", status);
        Assert.Equal("failed", counts.GetProperty("leads").GetProperty("status").GetString());
        Assert.All(new[] { "campaigns", "accounts", "emails", "daily_analytics", "steps" },
            e => Assert.Equal("succeeded", counts.GetProperty(e).GetProperty("status").GetString()));
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(403, await connection.ExecuteScalarAsync<int>("SELECT http_status FROM sync_dead_letters WHERE entity = 'leads'"));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw"));
        }

        var rerun = await RerunWithoutFaultsAsync();
        Record("403 on one entity (leads), then rerun", 2, rerun.Missing, rerun.Duplicates, [forbidden.ExitCode, 0], "leads failed, the other five succeeded");
    }

    [Fact]
    public async Task A_stuck_cursor_fails_its_entities_without_hanging()
    {
        _harness.Fake.UpdateFaults(f => f with { StuckCursorRate = 1.0 });

        var run = _harness.SyncAsync(SyncAll);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(run, finished);
        var stuck = await run;
        Assert.Equal(ExitCodes.PartialFailure, stuck.ExitCode);
        var (_, counts) = await _harness.LastBatchAsync();
        Assert.Equal("failed", counts.GetProperty("leads").GetProperty("status").GetString());
        Assert.Equal("succeeded", counts.GetProperty("steps").GetProperty("status").GetString());
        Assert.Empty(await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource));
        Assert.Empty(await ReliabilityChecks.TornBatchesAsync(_database.DataSource, _harness.Fake, BatchSize));

        var rerun = await RerunWithoutFaultsAsync();
        Record("stuck cursor, then rerun", 2, rerun.Missing, rerun.Duplicates, [stuck.ExitCode, 0], "the paged entities failed within seconds; the analytics succeeded");
    }

    [Fact]
    public async Task A_401_in_the_middle_of_a_run_exits_3_with_nothing_half_written()
    {
        using var upstream = new HttpClient { BaseAddress = new Uri(_harness.Fake.RootUrl) };
        var served = 0;
        // The key is revoked after a dozen requests: some batches have committed by then.
        await using var proxy = await StubApi.StartAsync(context => Interlocked.Increment(ref served) > 12
            ? StubApi.JsonAsync(context, """{"statusCode":401,"error":"Unauthorized","message":"Invalid API key"}""", StatusCodes.Status401Unauthorized)
            : StubApi.ForwardAsync(context, upstream));
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__BaseUrl"] = proxy.BaseUrl;

        var revoked = await _harness.SyncAsync(SyncAll);

        Assert.Equal(ExitCodes.PreconditionFailed, revoked.ExitCode);
        Assert.Contains("401", revoked.All, StringComparison.Ordinal);
        await AssertNothingHalfWrittenAsync();
        Assert.True(await ReliabilityChecks.StoredRowsAsync(_database.DataSource) > 0, "some batches committed before the 401");

        _harness.ExtraEnvironment.Remove("INSTANTLY_SYNC__Instantly__BaseUrl");
        var rerun = await RerunWithoutFaultsAsync();
        Record("401 mid-run (key revoked after 12 requests), then rerun", 2, rerun.Missing, rerun.Duplicates, [revoked.ExitCode, 0], "stopped at once; committed batches whole, no watermark ahead");
    }

    [Fact]
    public async Task A_402_in_the_middle_of_a_run_exits_3_with_nothing_half_written()
    {
        _harness.Fake.UpdateFaults(f => f with { LatencyMs = 20 });
        var run = _harness.SyncAsync(SyncAll);
        while (!run.IsCompleted && await ReliabilityChecks.StoredRowsAsync(_database.DataSource) < 3 * BatchSize)
        {
            await Task.Delay(10);
        }

        _harness.Fake.UpdateFaults(f => f with { PaymentRequired = true });
        var unpaid = await run;

        Assert.Equal(ExitCodes.PreconditionFailed, unpaid.ExitCode);
        await AssertNothingHalfWrittenAsync();

        var rerun = await RerunWithoutFaultsAsync();
        Record("402 mid-run (plan lapsed after some batches), then rerun", 2, rerun.Missing, rerun.Duplicates, [unpaid.ExitCode, 0], "stopped at once; committed batches whole, no watermark ahead");
    }

    private async Task AssertNothingHalfWrittenAsync()
    {
        var (status, _) = await _harness.LastBatchAsync();
        Assert.Equal("failed", status);
        Assert.Empty(await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource));
        Assert.Empty(await ReliabilityChecks.TornBatchesAsync(_database.DataSource, _harness.Fake, BatchSize));
        var state = await ReliabilityChecks.OracleAsync(_harness);
        Assert.True(state.Extra == 0 && state.Mismatched == 0 && state.Duplicates == 0, string.Join("\n", state.Differences));
    }

    /// <summary>Lifts every fault, runs a plain sync, and requires the oracle's approval.</summary>
    private async Task<OracleResult> RerunWithoutFaultsAsync()
    {
        _harness.Fake.SetFaults(new FakeFaults());
        var rerun = await _harness.SyncAsync("--batch-size", "20");
        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.All);
        var oracle = await ReliabilityChecks.OracleAsync(_harness);
        Assert.Empty(oracle.Differences);
        Assert.Empty(await Oracle.WatermarkDifferencesAsync(_harness.Fake, _database.DataSource));
        return oracle;
    }

    private void Record(string scenario, int runs, int lost, int duplicates, IEnumerable<int> exits, string notes)
        => report.Record(new ScenarioResult(ReliabilityGroups.ApiFaults, scenario, runs, lost, duplicates, exits.Distinct().ToList(), Passed: true, notes));
}
