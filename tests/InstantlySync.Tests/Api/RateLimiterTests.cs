using InstantlySync.Api;
using InstantlySync.Configuration;

namespace InstantlySync.Tests.Api;

public sealed class RateLimiterTests
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task The_per_minute_budget_holds_even_when_the_per_second_one_is_generous()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 100, perMinute: 10), clock);
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Acquire(limiter, RateBucket.Workspace)));
        var eleventh = Acquire(limiter, RateBucket.Workspace);

        foreach (var lease in burst)
        {
            lease.Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(60) - Millisecond);
        Assert.False(eleventh.IsCompleted, $"11th request let through at {clock.Elapsed}");
        clock.Advance(Millisecond);
        Assert.True(eleventh.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_emails_budget_is_separate_and_does_not_slow_other_requests()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 100, perMinute: 6000, emailsPerMinute: 2), clock);

        var emails = Enumerable.Range(0, 3).Select(_ => Acquire(limiter, RateBucket.Emails)).ToList();
        var others = Enumerable.Range(0, 50).Select(_ => Acquire(limiter, RateBucket.Workspace)).ToList();

        Assert.All(others, lease => Assert.True(lease.IsCompletedSuccessfully, "a workspace request waited behind GET /emails"));
        Assert.True(emails[0].IsCompletedSuccessfully && emails[1].IsCompletedSuccessfully, "GET /emails within its budget waited");
        Assert.False(emails[2].IsCompleted);
        foreach (var lease in others.Concat(emails.Take(2)))
        {
            (await lease).Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(60) - Millisecond);
        Assert.False(emails[2].IsCompleted, "the 3rd GET /emails went within a minute of the first two");
        clock.Advance(Millisecond);
        Assert.True(emails[2].IsCompletedSuccessfully);
    }

    [Fact]
    public async Task An_emails_request_also_holds_a_workspace_lease()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 1, perMinute: 60, emailsPerMinute: 6000), clock);

        var email = await Acquire(limiter, RateBucket.Emails);
        var next = Acquire(limiter, RateBucket.Workspace);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(next.IsCompleted, "a workspace request went while GET /emails was in flight at 1/s");

        email.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Cancelling_an_emails_request_that_waits_for_its_workspace_lease_gives_the_emails_lease_back()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 1, perMinute: 60, emailsPerMinute: 1), clock);
        var workspace = await Acquire(limiter, RateBucket.Workspace);
        using var cancellation = new CancellationTokenSource();
        var cancelled = Acquire(limiter, RateBucket.Emails, cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var email = Acquire(limiter, RateBucket.Emails);
        workspace.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));

        // A minute later had the cancelled request counted as sent; never had its lease been lost.
        Assert.True(email.IsCompletedSuccessfully, $"GET /emails still waiting at {clock.Elapsed}");
    }

    [Fact]
    public async Task A_429_on_GET_emails_holds_back_email_requests_for_a_minute_and_nothing_else()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond: 100, perMinute: 6000, emailsPerMinute: 20), clock);

        // The first GET /emails of this process is refused: earlier runs used the minute's budget.
        (await Acquire(limiter, RateBucket.Emails)).Refused(null);
        var retry = Acquire(limiter, RateBucket.Emails);
        var other = Acquire(limiter, RateBucket.Workspace);

        Assert.True(other.IsCompletedSuccessfully, "a workspace request waited after a 429 on GET /emails");
        clock.Advance(TimeSpan.FromSeconds(60) - Millisecond);
        Assert.False(retry.IsCompleted, $"GET /emails went again at {clock.Elapsed}, inside the window that refused it");
        clock.Advance(Millisecond);
        Assert.True(retry.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Emails_and_workspace_requests_sharing_the_budget_never_exceed_either_limit()
    {
        const int perSecond = 5;
        const int perMinute = 40;
        const int emailsPerMinute = 3;
        var clock = new ManualTimeProvider();
        var limiter = new RequestRateLimiter(Budget(perSecond, perMinute, emailsPerMinute), clock);
        var random = new Random(7);
        var emails = new List<RequestSpan>();
        var workspace = new List<RequestSpan>();

        async Task Consumer(RateBucket bucket, int requests, List<RequestSpan> spans)
        {
            for (var i = 0; i < requests; i++)
            {
                using var lease = await limiter.AcquireAsync(bucket, CancellationToken.None);
                var granted = clock.Elapsed;
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(20, 301)), clock);
                spans.Add(new RequestSpan(granted, clock.Elapsed));
            }
        }

        var all = RequestSpans.Detached(() => Task.WhenAll(
            Enumerable.Range(0, 2).Select(_ => Consumer(RateBucket.Emails, 6, emails))
                .Concat(Enumerable.Range(0, 6).Select(_ => Consumer(RateBucket.Workspace, 15, workspace)))));
        for (var guard = 0; !all.IsCompleted; guard++)
        {
            Assert.True(guard < 1_000_000, "the consumers never finished");
            clock.Advance(Millisecond);
        }

        await all;
        var everything = emails.Concat(workspace).ToList();
        Assert.Equal(12 + 90, everything.Count);
        Assert.Equal(emailsPerMinute, RequestSpans.MostInAnyWindow(emails, TimeSpan.FromMinutes(1)));
        Assert.Equal(perSecond, RequestSpans.MostInAnyWindow(everything, TimeSpan.FromSeconds(1)));
        Assert.Equal(perMinute, RequestSpans.MostInAnyWindow(everything, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_run_at_the_configured_budget_gets_no_429_from_a_server_enforcing_it()
    {
        // The server counts requests per wall-clock second and refuses the excess; a client that
        // keeps every rolling second under the limit keeps every such second under it too.
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

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetCurrentWorkspaceAsync(CancellationToken.None)));

        Assert.Equal(0, refused);
        Assert.Equal(50, server.Requests.Count);
    }

    private static InstantlySettings Budget(int perSecond, int perMinute, int emailsPerMinute = 20) => new()
    {
        RequestsPerSecond = perSecond,
        RequestsPerMinute = perMinute,
        EmailsRequestsPerMinute = emailsPerMinute,
    };

    private static Task<RequestRateLimiter.RequestLease> Acquire(RequestRateLimiter limiter, RateBucket bucket, CancellationToken cancellationToken = default)
        => RequestSpans.Detached(() => limiter.AcquireAsync(bucket, cancellationToken));
}
