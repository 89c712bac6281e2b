using InstantlySync.Api;

namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// The listings the sync pages through, against Instantly's recorded chains: a full page of data
/// that still carries a cursor, then <c>{"items":[]}</c>.
/// </summary>
public sealed class PagingContractTests
{
    /// <summary>Earlier than every recorded email, so the window leaves none out.</summary>
    private static readonly DateTimeOffset EmailsSince = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Campaigns_page_to_the_end_of_the_recorded_chain()
    {
        var (first, last) = (Recording.Load("campaigns.p1.json"), Recording.Load("campaigns.p2.json"));
        using var api = RecordedApi.Start();
        api.Serve(first);
        api.Serve(last);
        using var client = ContractClient.Create(api);

        var pages = await client.ListCampaignsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(13, pages.RawItems().Count);
        Assert.Equal(first.Items(), pages.RawItems());
        Assert.Null(api.Requests[0].Param("starting_after"));
        Assert.Equal(last.Params["starting_after"], api.Requests[1].Param("starting_after"));
    }

    [Fact]
    public async Task Emails_page_to_the_end_of_the_recorded_chain()
    {
        var (first, last) = (Recording.Load("emails.p1.json"), Recording.Load("emails.p2.json"));
        using var api = RecordedApi.Start();
        api.Serve(first);
        api.Serve(last);
        using var client = ContractClient.Create(api);

        var pages = await client.ListEmailsAsync(EmailsSince, CancellationToken.None).ToListAsync();

        Assert.Equal(7, pages.RawItems().Count);
        Assert.Equal(first.Items(), pages.RawItems());
        Assert.Null(api.Requests[0].Param("starting_after"));
        Assert.Equal(last.Params["starting_after"], api.Requests[1].Param("starting_after"));
    }

    [Fact]
    public async Task Leads_page_to_the_end_of_the_recorded_chain_with_the_cursor_in_the_POST_body()
    {
        var (first, last) = (Recording.Load("leads.p1.json"), Recording.Load("leads.p2.json"));
        using var api = RecordedApi.Start();
        api.Serve(first);
        api.Serve(last);
        using var client = ContractClient.Create(api);

        var pages = await client.ListLeadsAsync(campaignId: null, CancellationToken.None).ToListAsync();

        Assert.Equal(24, pages.RawItems().Count);
        Assert.Equal(first.Items(), pages.RawItems());
        Assert.False(api.Requests[0].JsonBody().TryGetProperty("starting_after", out _));
        Assert.Equal(first.NextCursor(), api.Requests[1].JsonBody().GetProperty("starting_after").GetString());
        Assert.All(api.Requests, request => Assert.Null(request.Param("starting_after")));
    }

    [Theory]
    [InlineData("campaigns")]
    [InlineData("emails")]
    [InlineData("leads")]
    public async Task The_empty_last_page_ends_paging_without_another_request(string listing)
    {
        var (first, last) = (Recording.Load($"{listing}.p1.json"), Recording.Load($"{listing}.p2.json"));
        using var api = RecordedApi.Start();
        api.Serve(first);
        api.Serve(last);
        using var client = ContractClient.Create(api);

        var pages = await List(client, listing).ToListAsync();

        // The last data page still carried a cursor; the empty answer to it is what ended paging.
        Assert.Equal(first.NextCursor(), Assert.Single(pages).NextCursor);
        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, request => Assert.Equal(200, request.Status()));
    }

    private static IAsyncEnumerable<ApiPage> List(InstantlyClient client, string listing) => listing switch
    {
        "campaigns" => client.ListCampaignsAsync(CancellationToken.None),
        "emails" => client.ListEmailsAsync(EmailsSince, CancellationToken.None),
        "leads" => client.ListLeadsAsync(campaignId: null, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(listing), listing, "no recorded chain"),
    };
}
