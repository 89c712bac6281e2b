using System.Net;
using System.Net.Http.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>Several workspaces with a key each, served by one process.</summary>
public sealed class WorkspaceTests
{
    private static FakeOptions Workspace(string name, int seed = 7, FakeFaults? faults = null) =>
        FakeApiHttp.Small(seed, faults) with { Name = name, ApiKey = name + "-key" };

    [Fact]
    public async Task Each_key_sees_its_own_workspace_and_an_unknown_key_none()
    {
        await using var fake = await FakeInstantly.StartAsync([Workspace("acme", seed: 7), Workspace("globex", seed: 8)]);
        using var acme = FakeApiHttp.Client(fake, "acme-key");
        using var globex = FakeApiHttp.Client(fake, "globex-key");
        using var stranger = FakeApiHttp.Client(fake, "test-key");

        var (_, acmeWorkspace) = await FakeApiHttp.GetJsonAsync(acme, "workspaces/current");
        var (_, globexWorkspace) = await FakeApiHttp.GetJsonAsync(globex, "workspaces/current");
        var acmeCampaigns = (await FakeApiHttp.ReadAllAsync(acme, "campaigns")).Select(c => c.Text("id"));
        var globexCampaigns = (await FakeApiHttp.ReadAllAsync(globex, "campaigns")).Select(c => c.Text("id"));
        var (refused, _) = await FakeApiHttp.GetJsonAsync(stranger, "workspaces/current");

        Assert.Equal((fake.For("acme").WorkspaceId, "acme"), (acmeWorkspace.Text("id"), acmeWorkspace.Text("name")));
        Assert.Equal((fake.For("globex").WorkspaceId, "globex"), (globexWorkspace.Text("id"), globexWorkspace.Text("name")));
        Assert.NotEqual(acmeWorkspace.Text("id"), globexWorkspace.Text("id"));
        Assert.Equal(fake.For("acme").Campaigns().Keys.Order(), acmeCampaigns.Order());
        Assert.Empty(acmeCampaigns.Intersect(globexCampaigns));
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
    }

    [Fact]
    public async Task The_same_seed_serves_the_same_ids_under_different_workspace_ids()
    {
        await using var fake = await FakeInstantly.StartAsync([Workspace("acme"), Workspace("globex")]);
        using var acme = FakeApiHttp.Client(fake, "acme-key");
        using var globex = FakeApiHttp.Client(fake, "globex-key");

        var acmeLeads = await FakeApiHttp.ReadAllLeadsAsync(acme);
        var globexLeads = await FakeApiHttp.ReadAllLeadsAsync(globex);
        var acmeCampaigns = await FakeApiHttp.ReadAllAsync(acme, "campaigns");
        var globexCampaigns = await FakeApiHttp.ReadAllAsync(globex, "campaigns");
        const string Daily = "campaigns/analytics/daily?start_date=2026-01-01&end_date=2026-06-30";
        var (_, acmeDaily) = await FakeApiHttp.GetJsonAsync(acme, Daily);
        var (_, globexDaily) = await FakeApiHttp.GetJsonAsync(globex, Daily);

        Assert.Equal(acmeLeads.Select(l => (l.Text("id"), l.OptionalText("email"))), globexLeads.Select(l => (l.Text("id"), l.OptionalText("email"))));
        Assert.Equal(acmeCampaigns.Select(c => c.Text("id")), globexCampaigns.Select(c => c.Text("id")));
        Assert.Equal(acmeDaily.EnumerateArray().Select(d => d.Text("date")), globexDaily.EnumerateArray().Select(d => d.Text("date")));
        Assert.NotEmpty(acmeDaily.EnumerateArray());
        Assert.NotEqual(fake.For("acme").WorkspaceId, fake.For("globex").WorkspaceId);
        Assert.All(acmeLeads, l => Assert.Equal(fake.For("acme").WorkspaceId, l.Text("organization")));
        Assert.All(globexCampaigns, c => Assert.Equal(fake.For("globex").WorkspaceId, c.Text("organization")));
    }

    [Fact]
    public async Task Exhausting_one_workspaces_emails_budget_leaves_the_other_its_own()
    {
        var limited = new FakeFaults { RateLimits = true };
        await using var fake = await FakeInstantly.StartAsync(
        [
            Workspace("acme", faults: limited) with { EmailsRequestsPerMinute = 2 },
            Workspace("globex", faults: limited) with { EmailsRequestsPerMinute = 2 },
        ]);
        using var acme = FakeApiHttp.Client(fake, "acme-key");
        using var globex = FakeApiHttp.Client(fake, "globex-key");

        var acmeStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            acmeStatuses.Add((await FakeApiHttp.GetJsonAsync(acme, "emails?limit=1")).Status);
        }

        var (globexStatus, _) = await FakeApiHttp.GetJsonAsync(globex, "emails?limit=1");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], acmeStatuses);
        Assert.Equal(HttpStatusCode.OK, globexStatus);
        Assert.Equal(1, fake.For("acme").Stats.RateLimited);
        Assert.Equal(0, fake.For("globex").Stats.RateLimited);
    }

    [Fact]
    public async Task Each_workspace_counts_its_own_requests_and_the_process_counts_them_all()
    {
        await using var fake = await FakeInstantly.StartAsync([Workspace("acme"), Workspace("globex")]);
        using var acme = FakeApiHttp.Client(fake, "acme-key");
        using var globex = FakeApiHttp.Client(fake, "globex-key");
        using var stranger = FakeApiHttp.Client(fake, "nobody-key");
        using var control = FakeApiHttp.ControlClient(fake);

        foreach (var client in new[] { acme, acme, acme, globex, stranger })
        {
            using var response = await client.GetAsync(client == acme ? "campaigns?limit=1" : "accounts?limit=1");
        }

        var acmeOverHttp = await control.GetFromJsonAsync<FakeStats>("stats?workspace=acme");

        Assert.Equal(3, fake.For("acme").Stats.RequestsTo("/api/v2/campaigns"));
        Assert.Equal(0, fake.For("acme").Stats.RequestsTo("/api/v2/accounts"));
        Assert.Equal(1, fake.For("globex").Stats.Requests);
        Assert.Equal(5, fake.Stats.Requests);
        Assert.Equal(1, fake.Stats.ResponsesByStatus[401]);
        Assert.Equal(3, acmeOverHttp!.Requests);
    }

    [Fact]
    public async Task Advancing_one_workspaces_clock_leaves_the_other_alone()
    {
        await using var fake = await FakeInstantly.StartAsync([Workspace("acme"), Workspace("globex"), Workspace("hooli")]);
        using var control = FakeApiHttp.ControlClient(fake);
        var emailsBefore = fake.For("globex").EmailCount;

        fake.For("acme").AdvanceClock(TimeSpan.FromHours(24));
        using var advance = await control.PostAsync("advance?hours=2&workspace=hooli", null);

        Assert.Equal(HttpStatusCode.OK, advance.StatusCode);
        Assert.Equal(FakeApiHttp.Clock.AddHours(24), fake.For("acme").Now);
        Assert.Equal(FakeApiHttp.Clock.AddHours(2), fake.For("hooli").Now);
        Assert.Equal(FakeApiHttp.Clock, fake.For("globex").Now);
        Assert.Equal(emailsBefore, fake.For("globex").EmailCount);
        Assert.True(fake.For("acme").EmailCount > emailsBefore);
    }

    [Fact]
    public async Task Faults_switched_for_one_workspace_leave_the_other_alone()
    {
        await using var fake = await FakeInstantly.StartAsync([Workspace("acme"), Workspace("globex")]);
        using var acme = FakeApiHttp.Client(fake, "acme-key");
        using var globex = FakeApiHttp.Client(fake, "globex-key");
        using var control = FakeApiHttp.ControlClient(fake);

        using var set = await control.PostAsync("faults?workspace=acme", new StringContent("""{"payment_required":true}"""));
        var (acmeStatus, _) = await FakeApiHttp.GetJsonAsync(acme, "campaigns?limit=1");
        var (globexStatus, _) = await FakeApiHttp.GetJsonAsync(globex, "campaigns?limit=1");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, acmeStatus);
        Assert.Equal(HttpStatusCode.OK, globexStatus);
    }

    [Fact]
    public async Task Control_endpoints_refuse_a_workspace_name_the_fake_does_not_serve()
    {
        await using var fake = await FakeInstantly.StartAsync([Workspace("acme"), Workspace("globex")]);
        using var control = FakeApiHttp.ControlClient(fake);

        using var advance = await control.PostAsync("advance?hours=1&workspace=initech", null);
        var body = await FakeApiHttp.ReadJsonAsync(advance);

        Assert.Equal(HttpStatusCode.NotFound, advance.StatusCode);
        Assert.Contains("acme, globex", body.Text("message"), StringComparison.Ordinal);
        Assert.Equal(FakeApiHttp.Clock, fake.For("acme").Now);
    }

    [Fact]
    public async Task Two_workspaces_with_one_key_are_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            FakeInstantly.StartAsync([Workspace("acme"), Workspace("globex") with { ApiKey = "acme-key" }]));

        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
    }
}
