using System.Text.Json;
using InstantlySync.Api;

namespace InstantlySync.Tests.Api;

public sealed class PagingTests
{
    [Fact]
    public async Task Paging_stops_on_an_empty_page_that_follows_a_page_with_a_cursor()
    {
        // Instantly's usual ending: the last data page still carries a cursor, the next one is empty.
        await using var server = await TestApiServer.StartAsync((context, n) => Respond.Json(context, n switch
        {
            1 => Respond.Page("c2", "c1", "c2"),
            2 => Respond.Page("c3", "c3"),
            _ => """{"items":[]}""",
        }));
        using var client = TestClient.Create(server);

        var pages = await client.ListCampaignsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["c1", "c2", "c3"], pages.SelectMany(p => p.Items).Select(Id));
        Assert.Equal([1, 2], pages.Select(p => p.PageNumber));
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("2", r.Query["limit"].ToString()));
        Assert.Equal(["", "c2", "c3"], server.Requests.Select(r => r.Query["starting_after"].ToString()));
        Assert.All(server.Requests, r => Assert.Equal("/api/v2/campaigns", r.Path));
    }

    [Fact]
    public async Task Paging_stops_when_a_page_comes_without_a_cursor()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => Respond.Json(context, n switch
        {
            1 => Respond.Page("a2", "a1", "a2"),
            2 => Respond.Page(null, "a3", "a4"),
            _ => throw new InvalidOperationException("requested past the last page"),
        }));
        using var client = TestClient.Create(server);

        var pages = await client.ListAccountsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(4, pages.Sum(p => p.Items.Count));
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/api/v2/accounts", r.Path));
    }

    [Fact]
    public async Task A_short_page_with_a_cursor_is_not_the_end()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => Respond.Json(context, n switch
        {
            1 => Respond.Page("x1", "x1"),
            2 => Respond.Page(null, "x2", "x3"),
            _ => """{"items":[]}""",
        }));
        using var client = TestClient.Create(server, pageSize: 2);

        var pages = await client.ListCampaignsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["x1", "x2", "x3"], pages.SelectMany(p => p.Items).Select(Id));
    }

    [Fact]
    public async Task A_cursor_that_does_not_advance_fails_the_listing_instead_of_looping()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Json(context, Respond.Page("stuck", "s1", "s2")));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.ListCampaignsAsync(CancellationToken.None).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ApiFailureKind.StuckCursor, failure.Kind);
        Assert.Equal("/campaigns", failure.Path);
        Assert.Contains("stuck", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_cursor_that_cycles_back_to_an_earlier_one_fails_the_listing()
    {
        await using var server = await TestApiServer.StartAsync((context, n) =>
            Respond.Json(context, Respond.Page(n % 2 == 1 ? "a" : "b", $"item{n}")));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.ListAccountsAsync(CancellationToken.None).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ApiFailureKind.StuckCursor, failure.Kind);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task The_leads_cursor_and_campaign_filter_travel_in_the_POST_body()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => Respond.Json(context, n switch
        {
            1 => Respond.Page("lead-2", "lead-1", "lead-2"),
            _ => """{"items":[]}""",
        }));
        using var client = TestClient.Create(server);

        await client.ListLeadsAsync("camp-1", CancellationToken.None).ToListAsync();

        var requests = server.Requests;
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/api/v2/leads/list", r.Path);
            Assert.Empty(r.Query);
            Assert.StartsWith("application/json", r.Headers.ContentType.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal("""{"limit":2,"campaign":"camp-1"}""", requests[0].Body);
        Assert.Equal("""{"limit":2,"starting_after":"lead-2","campaign":"camp-1"}""", requests[1].Body);
    }

    [Fact]
    public async Task Leads_of_the_whole_workspace_are_listed_without_a_campaign_field()
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Json(context, """{"items":[]}"""));
        using var client = TestClient.Create(server);

        await client.ListLeadsAsync(null, CancellationToken.None).ToListAsync();

        Assert.Equal("""{"limit":2}""", server.Requests.Single().Body);
    }

    [Fact]
    public async Task Leads_outside_every_campaign_are_listed_with_in_campaign_false()
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Json(context, """{"items":[]}"""));
        using var client = TestClient.Create(server);

        await client.ListLeadsOutsideCampaignsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal("""{"limit":2,"in_campaign":false}""", server.Requests.Single().Body);
    }

    [Fact]
    public async Task Emails_are_requested_oldest_first_from_the_watermark_in_ISO_milliseconds()
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Json(context, """{"items":[]}"""));
        using var client = TestClient.Create(server);
        var watermark = new DateTimeOffset(2026, 6, 30, 21, 0, 33, 544, TimeSpan.FromHours(2));

        await client.ListEmailsAsync(watermark, CancellationToken.None).ToListAsync();

        var query = server.Requests.Single().Query;
        Assert.Equal("2026-06-30T19:00:33.544Z", query["min_timestamp_created"].ToString());
        Assert.Equal("asc", query["sort_order"].ToString());
        Assert.Equal("2", query["limit"].ToString());
    }

    [Fact]
    public async Task Analytics_arrays_are_fetched_with_an_explicit_window_and_escaped_values()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Json(context, """[{"date":"2026-06-29","sent":3},{"date":"2026-06-30","sent":5}]"""));
        using var client = TestClient.Create(server);

        var rows = await client.GetDailyAnalyticsAsync("a b&c", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), CancellationToken.None);

        Assert.Equal([3, 5], rows.Select(r => r.GetProperty("sent").GetInt32()));
        var request = server.Requests.Single();
        Assert.Equal("/api/v2/campaigns/analytics/daily", request.Path);
        Assert.Equal("a b&c", request.Query["campaign_id"].ToString());
        Assert.Equal("2026-06-01", request.Query["start_date"].ToString());
        Assert.Equal("2026-06-30", request.Query["end_date"].ToString());
    }

    [Fact]
    public async Task Items_stay_readable_after_later_pages_were_fetched()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => Respond.Json(context, n switch
        {
            1 => Respond.Page("p2", "first", "second"),
            2 => Respond.Page(null, "third"),
            _ => """{"items":[]}""",
        }));
        using var client = TestClient.Create(server);

        var items = new List<JsonElement>();
        await foreach (var page in client.ListCampaignsAsync(CancellationToken.None))
        {
            items.AddRange(page.Items);
        }

        GC.Collect();
        Assert.Equal(["first", "second", "third"], items.Select(Id));
    }

    private static string? Id(JsonElement item) => item.GetProperty("id").GetString();
}
