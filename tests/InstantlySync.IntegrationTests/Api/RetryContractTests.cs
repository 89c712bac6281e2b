namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// Instantly answers an exhausted rate limit with 429 and, on ordinary 429s, no Retry-After: the
/// client backs off on its own and the recorded data still arrives whole.
/// </summary>
public sealed class RetryContractTests
{
    /// <summary>Fastify's envelope for a 429, as the API reference gives it.</summary>
    private const string TooManyRequests = """{"statusCode":429,"error":"Too Many Requests","message":"Rate limit exceeded"}""";

    [Fact]
    public async Task A_429_without_Retry_After_is_retried_and_the_recorded_campaigns_arrive()
    {
        var (first, last) = (Recording.Load("campaigns.p1.json"), Recording.Load("campaigns.p2.json"));
        using var api = RecordedApi.Start();
        RateLimitedOnce(api, first);
        api.Serve(last);
        var log = new CapturedLog();
        using var client = ContractClient.Create(api, log);

        var pages = await client.ListCampaignsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(first.Items(), pages.RawItems());
        Assert.Equal([429, 200, 200], api.Requests.Select(r => r.Status()));
        Assert.False(api.Requests[0].ResponseMessage.Headers?.ContainsKey("Retry-After") ?? false);
        Assert.Equal(1, client.Stats.TooManyRequests);
        Assert.Equal(1, client.Stats.Retries);
        Assert.Equal(3, client.Stats.Attempts);
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("GET /campaigns", warning, StringComparison.Ordinal);
        Assert.Contains("HTTP 429", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_on_the_leads_listing_is_retried_with_the_same_POST_body()
    {
        var (first, last) = (Recording.Load("leads.p1.json"), Recording.Load("leads.p2.json"));
        using var api = RecordedApi.Start();
        RateLimitedOnce(api, first);
        api.Serve(last);
        using var client = ContractClient.Create(api);

        var pages = await client.ListLeadsAsync(campaignId: null, CancellationToken.None).ToListAsync();

        // The stubs match the recorded body exactly, so the retried request carried it unchanged.
        Assert.Equal(first.Items(), pages.RawItems());
        Assert.Equal([429, 200, 200], api.Requests.Select(r => r.Status()));
        Assert.Equal(api.Requests[0].RequestMessage.Body, api.Requests[1].RequestMessage.Body);
        Assert.Equal(1, client.Stats.TooManyRequests);
    }

    /// <summary>The recorded request is refused once with a bare 429, then answered as recorded.</summary>
    private static void RateLimitedOnce(RecordedApi api, Recording recording)
    {
        api.When(recording)
            .InScenario("rate limited once")
            .WillSetStateTo("limit lifted")
            .RespondWith(RecordedApi.Json(429, TooManyRequests));
        api.When(recording)
            .InScenario("rate limited once")
            .WhenStateIs("limit lifted")
            .RespondWith(RecordedApi.Json(200, recording.ResponseBody));
    }
}
