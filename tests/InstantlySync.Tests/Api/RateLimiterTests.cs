using InstantlySync.Api;
using InstantlySync.Configuration;

namespace InstantlySync.Tests.Api;

public sealed class RateLimiterTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task The_request_after_the_per_second_budget_waits_for_the_next_second()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 5, perMinute: 1000), clock);

        var granted = await GrantTimesAsync(clock, Enumerable.Range(0, 6).Select(_ => Wait(limiter, RateBucket.Workspace)));

        Assert.Equal(TimeSpan.Zero, granted[0]);
        Assert.True(granted[5] >= TimeSpan.FromSeconds(1), $"6th request granted at {granted[5]}");
        AssertAtMost(5, TimeSpan.FromSeconds(1), granted);
    }

    [Fact]
    public async Task Requests_are_spread_evenly_instead_of_sent_in_a_burst()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 5, perMinute: 1000), clock);

        var granted = await GrantTimesAsync(clock, Enumerable.Range(0, 5).Select(_ => Wait(limiter, RateBucket.Workspace)));

        var gaps = granted.Zip(granted.Skip(1), (a, b) => b - a);
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(200), $"gap of {gap}"));
    }

    [Fact]
    public async Task The_per_minute_budget_holds_even_when_the_per_second_one_is_generous()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 100, perMinute: 10), clock);

        var granted = await GrantTimesAsync(clock, Enumerable.Range(0, 11).Select(_ => Wait(limiter, RateBucket.Workspace)));

        Assert.True(granted[10] >= TimeSpan.FromMinutes(1), $"11th request granted at {granted[10]}");
        AssertAtMost(10, TimeSpan.FromMinutes(1), granted);
    }

    [Fact]
    public async Task The_emails_budget_is_separate_and_does_not_slow_other_requests()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 100, perMinute: 6000, emailsPerMinute: 2), clock);

        var emails = new[] { Wait(limiter, RateBucket.Emails), Wait(limiter, RateBucket.Emails) };
        var others = Enumerable.Range(0, 3).Select(_ => Wait(limiter, RateBucket.Workspace)).ToArray();

        var othersGranted = await GrantTimesAsync(clock, others);
        Assert.True(othersGranted[^1] < TimeSpan.FromMilliseconds(100), $"workspace requests waited until {othersGranted[^1]}");
        Assert.True(emails[0].IsCompleted);
        Assert.False(emails[1].IsCompleted);

        var secondEmail = await GrantTimesAsync(clock, [emails[1]]);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(30), $"second emails request granted at {secondEmail[0]}");
    }

    [Fact]
    public async Task An_emails_request_also_takes_a_workspace_slot()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 1, perMinute: 60, emailsPerMinute: 6000), clock);

        await Wait(limiter, RateBucket.Emails);
        var next = Wait(limiter, RateBucket.Workspace);

        Assert.False(next.IsCompleted);
        var granted = await GrantTimesAsync(clock, [next]);
        Assert.True(granted[0] >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Waiting_for_a_slot_can_be_cancelled()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 1, perMinute: 60), clock);
        using var cancellation = new CancellationTokenSource();

        await Wait(limiter, RateBucket.Workspace);
        var waiting = Wait(limiter, RateBucket.Workspace, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task A_run_at_the_configured_budget_gets_no_429_from_a_server_enforcing_it()
    {
        // The server counts requests per wall-clock second, as Instantly does, and refuses the excess.
        const int perSecond = 20;
        var windows = new Dictionary<long, int>();
        var refused = 0;
        await using var server = await TestApiServer.StartAsync((context, _) =>
        {
            lock (windows)
            {
                var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                windows[second] = windows.GetValueOrDefault(second) + 1;
                if (windows[second] > perSecond)
                {
                    refused++;
                    return Respond.Error(context, 429, "Too Many Requests", "Rate limit exceeded");
                }
            }

            return Respond.Json(context, """{"id":"ws"}""");
        });
        var settings = TestClient.Settings(server, maxRetries: 0) with { RequestsPerSecond = perSecond };
        using var client = TestClient.Create(settings, new CapturedLog());

        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetCurrentWorkspaceAsync(CancellationToken.None)));

        Assert.Equal(0, refused);
        Assert.Equal(30, server.Requests.Count);
    }

    private static InstantlySettings Budget(int perSecond, int perMinute, int emailsPerMinute = 20) => new()
    {
        RequestsPerSecond = perSecond,
        RequestsPerMinute = perMinute,
        EmailsRequestsPerMinute = emailsPerMinute,
    };

    /// <summary>
    /// Starts a wait outside xUnit's SynchronizationContext, which would queue every continuation:
    /// without it a waiter resumes inside the manual clock's Advance, so grant times are exact.
    /// </summary>
    private static Task Wait(RequestRateLimiter limiter, RateBucket bucket, CancellationToken cancellationToken = default)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return limiter.WaitAsync(bucket, cancellationToken);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Advances the clock in small steps and notes when each wait completes.</summary>
    private static async Task<TimeSpan[]> GrantTimesAsync(ManualTimeProvider clock, IEnumerable<Task> waits)
    {
        var pending = waits.ToArray();
        var granted = new TimeSpan?[pending.Length];
        for (var guard = 0; granted.Any(g => g is null); guard++)
        {
            Assert.True(guard < 100_000, "waits never completed");
            for (var i = 0; i < pending.Length; i++)
            {
                if (granted[i] is null && pending[i].IsCompleted)
                {
                    await pending[i];
                    granted[i] = clock.Elapsed;
                }
            }

            if (granted.Any(g => g is null))
            {
                clock.Advance(Step);
            }
        }

        return [.. granted.Select(g => g!.Value).Order()];
    }

    private static void AssertAtMost(int permits, TimeSpan window, TimeSpan[] granted)
    {
        for (var i = permits; i < granted.Length; i++)
        {
            Assert.True(granted[i] - granted[i - permits] >= window, $"{permits + 1} requests within {window}");
        }
    }
}
