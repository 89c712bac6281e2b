using System.Net;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class RateLimitTests
{
    private static FakeOptions Limited(bool retryAfter = false) =>
        FakeApiHttp.Small(faults: new FakeFaults { RateLimits = true, RetryAfter = retryAfter });

    [Fact]
    public async Task Workspace_limit_of_100_requests_per_second_answers_429()
    {
        await using var fake = await FakeInstantly.StartAsync(Limited());
        using var client = FakeApiHttp.Client(fake);

        // Far more than 100 at once: however slow the machine, many land inside the same second.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 500).Select(async _ =>
        {
            using var response = await client.GetAsync("workspaces/current");
            return response.StatusCode;
        }));

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 100, 499);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.TooManyRequests), fake.Stats.RateLimited);
    }

    [Fact]
    public async Task Workspace_per_minute_limit_answers_429_once_the_minute_budget_is_spent()
    {
        await using var fake = await FakeInstantly.StartAsync(Limited() with { RequestsPerMinute = 30 });
        using var client = FakeApiHttp.Client(fake);

        for (var i = 0; i < 30; i++)
        {
            var (ok, _) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=1");
            Assert.Equal(HttpStatusCode.OK, ok);
        }

        var (status, body) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=1");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("""{"statusCode":429,"error":"Too Many Requests","message":"Rate limit exceeded"}""", body.GetRawText());
    }

    [Fact]
    public async Task Emails_list_allows_20_requests_per_minute_while_other_endpoints_still_answer()
    {
        await using var fake = await FakeInstantly.StartAsync(Limited());
        using var client = FakeApiHttp.Client(fake);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            statuses.Add((await FakeApiHttp.GetJsonAsync(client, "emails?limit=1")).Status);
        }

        var (campaigns, _) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=1");

        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[20]);
        Assert.Equal(HttpStatusCode.OK, campaigns);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retry_after_is_sent_on_429_only_when_switched_on(bool retryAfter)
    {
        await using var fake = await FakeInstantly.StartAsync(Limited(retryAfter) with { EmailsRequestsPerMinute = 2 });
        using var client = FakeApiHttp.Client(fake);

        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.GetAsync("emails?limit=1");
        }

        using var limited = await client.GetAsync("emails?limit=1");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(retryAfter, limited.Headers.RetryAfter is not null);
        if (retryAfter)
        {
            Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Rate_limits_can_be_switched_off()
    {
        await using var fake = await FakeInstantly.StartAsync(Limited() with { EmailsRequestsPerMinute = 2 });
        using var client = FakeApiHttp.Client(fake);
        fake.UpdateFaults(f => f with { RateLimits = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await FakeApiHttp.GetJsonAsync(client, "emails?limit=1")).Status);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Rate_limits_follow_real_time_not_the_business_clock()
    {
        await using var fake = await FakeInstantly.StartAsync(Limited() with { EmailsRequestsPerMinute = 1 });
        using var client = FakeApiHttp.Client(fake);

        var (first, _) = await FakeApiHttp.GetJsonAsync(client, "emails?limit=1");
        fake.AdvanceClock(TimeSpan.FromHours(2));
        var (second, _) = await FakeApiHttp.GetJsonAsync(client, "emails?limit=1");

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, second);
    }
}
