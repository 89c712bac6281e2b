using System.Diagnostics;
using System.Globalization;
using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

/// <summary>The client at Instantly's full budget against a fake enforcing the same limits as sliding windows.</summary>
public sealed class SyncRateLimitTests : HarnessTest
{
    /// <summary>
    /// Page size 50: the leads take some 300 pages, several seconds' worth of the 100/s limit, while
    /// GET /emails pages through about 15 pages alongside, under one minute's worth of its 20/min.
    /// </summary>
    protected override FakeOptions Workspace => new()
    {
        Seed = 23, Campaigns = 8, Accounts = 6, Leads = 15_000, Emails = 700, Days = 30,
        RequestsPerSecond = 100, RequestsPerMinute = 6_000, EmailsRequestsPerMinute = 20,
        Faults = new FakeFaults { LatencyMs = 20 },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "100";
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__RequestsPerMinute"] = "6000";
        // No retries: a single 429 fails the run instead of being waited out unnoticed.
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "0";
    }

    [Fact]
    public async Task A_sync_at_the_full_budget_gets_no_429_and_sends_a_window_of_email_pages_without_waiting()
    {
        // The bound is on the pacing of API calls; the modeled layer a sync ends with is timed elsewhere.
        var clock = Stopwatch.StartNew();
        var result = await Harness.SyncAsync("--all", "--no-transform");
        var elapsed = clock.Elapsed;

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var stats = Harness.Fake.Stats;
        Assert.Equal(0, stats.RateLimited);
        var emailPages = stats.RequestsTo("/api/v2/emails");
        var leadPages = stats.RequestsTo("/api/v2/leads/list");
        Assert.InRange(emailPages, 15, 20);
        Assert.True(leadPages >= 300, $"{leadPages} lead pages");
        Assert.True(stats.Requests > 300, $"{stats.Requests} requests");
        // Spaced evenly at 20/min, the email pages alone took 3 s each; one past the window would wait a minute.
        Assert.True(elapsed < TimeSpan.FromSeconds(20), string.Create(CultureInfo.InvariantCulture,
            $"{stats.Requests} requests ({emailPages} GET /emails) took {elapsed.TotalSeconds:0.0} s"));
        Assert.Empty(await Harness.DifferencesAsync());
    }
}
