using System.Net;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class PagingTests(SharedFakeFixture fixture) : IClassFixture<SharedFakeFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Leads_list_returns_cursor_on_last_page_then_an_empty_page()
    {
        var (_, first) = await FakeApiHttp.LeadsPageAsync(_client, 100);
        var (_, second) = await FakeApiHttp.LeadsPageAsync(_client, 100, first.Text("next_starting_after"));
        var (_, third) = await FakeApiHttp.LeadsPageAsync(_client, 100, second.Text("next_starting_after"));
        var (_, last) = await FakeApiHttp.LeadsPageAsync(_client, 100, third.Text("next_starting_after"));

        Assert.Equal(100, third.GetProperty("items").GetArrayLength());
        Assert.Equal(third.GetProperty("items")[99].Text("id"), third.Text("next_starting_after"));
        Assert.Equal("""{"items":[]}""", last.GetRawText());
    }

    [Theory]
    [InlineData("campaigns", 7)]
    [InlineData("accounts", 6)]
    public async Task Get_lists_return_cursor_on_a_short_last_page_then_an_empty_page(string path, int total)
    {
        var (_, first) = await FakeApiHttp.GetJsonAsync(_client, $"{path}?limit=4");
        var cursor = Uri.EscapeDataString(first.Text("next_starting_after"));
        var (_, second) = await FakeApiHttp.GetJsonAsync(_client, $"{path}?limit=4&starting_after={cursor}");
        var (_, third) = await FakeApiHttp.GetJsonAsync(_client, $"{path}?limit=4&starting_after={Uri.EscapeDataString(second.Text("next_starting_after"))}");

        Assert.Equal(total - 4, second.GetProperty("items").GetArrayLength());
        Assert.Equal("""{"items":[]}""", third.GetRawText());
    }

    [Fact]
    public async Task Emails_paged_with_the_id_cursor_visit_every_email_once()
    {
        var pagedAsc = await FakeApiHttp.ReadAllAsync(_client, "emails?sort_order=asc", limit: 37);
        var pagedDesc = await FakeApiHttp.ReadAllAsync(_client, "emails", limit: 100);

        Assert.Equal(fixture.Fake.Workspace.EmailCount, pagedAsc.Select(e => e.Text("id")).Distinct().Count());
        Assert.Equal(pagedAsc.Select(e => e.Text("id")).Reverse(), pagedDesc.Select(e => e.Text("id")));
    }

    [Fact]
    public async Task Leads_cursor_accepts_any_earlier_id_as_a_resume_point()
    {
        var leads = await FakeApiHttp.ReadAllLeadsAsync(_client);
        var resumeFrom = leads[149].Text("id");

        var (_, page) = await FakeApiHttp.LeadsPageAsync(_client, 10, resumeFrom);

        Assert.Equal(leads.Skip(150).Take(10).Select(l => l.Text("id")), page.GetProperty("items").EnumerateArray().Select(l => l.Text("id")));
    }

    [Fact]
    public async Task Short_last_page_has_no_cursor_when_that_variant_is_switched_on()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small(faults: new FakeFaults { RateLimits = false, CursorOnLastPage = false }));
        using var client = FakeApiHttp.Client(fake);

        var (_, first) = await FakeApiHttp.LeadsPageAsync(client, 200 / 2);
        var (_, campaigns) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=100");
        var leads = await FakeApiHttp.ReadAllLeadsAsync(client);

        Assert.True(first.Has("next_starting_after"));
        Assert.Equal(7, campaigns.GetProperty("items").GetArrayLength());
        Assert.False(campaigns.Has("next_starting_after"));
        Assert.Equal(300, leads.Count);
    }

    [Theory]
    [InlineData("0", "querystring/limit must be >= 1")]
    [InlineData("101", "querystring/limit must be <= 100")]
    [InlineData("ten", "querystring/limit must be integer")]
    public async Task Limit_outside_1_to_100_is_refused_with_the_fastify_envelope(string limit, string message)
    {
        foreach (var path in new[] { "campaigns", "accounts", "emails" })
        {
            var (status, body) = await FakeApiHttp.GetJsonAsync(_client, $"{path}?limit={limit}");

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(["statusCode", "error", "message"], body.EnumerateObject().Select(p => p.Name));
            Assert.Equal((400, "Bad Request", message), (body.GetProperty("statusCode").GetInt32(), body.Text("error"), body.Text("message")));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Leads_list_limit_outside_1_to_100_is_refused(int limit)
    {
        var (status, body) = await FakeApiHttp.LeadsPageAsync(_client, limit);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.StartsWith("body/limit must be", body.Text("message"), StringComparison.Ordinal);
    }
}
