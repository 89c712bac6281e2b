namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// Accounts: the recorded list was taken before the workspace had any; the two accounts it got
/// later were recorded one by one (GET /accounts/{email} and the mark-fixed answer).
/// </summary>
public sealed class AccountsContractTests
{
    [Fact]
    public async Task The_recorded_empty_accounts_list_yields_no_accounts_after_one_request()
    {
        using var api = RecordedApi.Start();
        api.Serve(Recording.Load("accounts.list.json"));
        using var client = ContractClient.Create(api);

        var pages = await client.ListAccountsAsync(CancellationToken.None).ToListAsync();

        Assert.Empty(pages);
        Assert.Equal(200, Assert.Single(api.Requests).Status());
    }

    [Fact]
    public async Task The_recorded_accounts_page_on_through_a_timestamp_and_email_cursor()
    {
        // A page built from the two recorded accounts, with the documented accounts cursor
        // "<timestamp_created>&<email>": its '&' must reach the server inside one query value.
        var list = Recording.Load("accounts.list.json");
        var accounts = new[] { Recording.Load("accounts.single.admin.json"), Recording.Load("accounts.single.test.json") };
        const string Cursor = "2026-06-30T21:47:35.040Z&test@nango-test.test.mailu.io";
        var page = $$"""{"items":[{{accounts[0].ResponseBody}},{{accounts[1].ResponseBody}}],"next_starting_after":"{{Cursor}}"}""";
        using var api = RecordedApi.Start();
        api.Serve(list with { ResponseBody = page });
        api.Serve(list with { Params = new Dictionary<string, string>(list.Params) { ["starting_after"] = Cursor } });
        using var client = ContractClient.Create(api);

        var pages = await client.ListAccountsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(accounts.Select(a => a.ResponseBody), pages.RawItems());
        Assert.Equal(
            ["admin@test.mailu.io", "test@nango-test.test.mailu.io"],
            pages.SelectMany(p => p.Items).Select(a => a.GetProperty("email").GetString()));
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(Cursor, api.Requests[1].Param("starting_after"));
    }
}
