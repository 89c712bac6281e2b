using System.Net;
using System.Text.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>Workspace groups: an admin key reaching its sub-workspaces with <c>x-as-workspace</c>.</summary>
public sealed class WorkspaceGroupTests
{
    /// <summary>acme administers initech, umbrella and wayne; globex administers hooli; solo has no group.</summary>
    private static Task<FakeInstantly> StartAsync(FakeFaults? faults = null, int emailsPerMinute = 20)
    {
        FakeOptions Keyed(string name, int seed) =>
            FakeApiHttp.Small(seed, faults) with { Name = name, ApiKey = name + "-key", EmailsRequestsPerMinute = emailsPerMinute };
        FakeOptions Sub(string name, string admin, int seed) =>
            FakeApiHttp.Small(seed, faults) with { Name = name, SubWorkspaceOf = admin, EmailsRequestsPerMinute = emailsPerMinute };

        return FakeInstantly.StartAsync(
        [
            Keyed("acme", 7), Sub("initech", "acme", 9), Sub("umbrella", "acme", 10), Sub("wayne", "acme", 11),
            Keyed("globex", 8), Sub("hooli", "globex", 12),
            Keyed("solo", 13),
        ]);
    }

    [Fact]
    public async Task The_admin_key_with_x_as_workspace_reaches_the_sub_workspaces_data()
    {
        await using var fake = await StartAsync();
        var initech = fake.For("initech");
        using var client = FakeApiHttp.ClientFor(fake, initech);

        var (_, workspace) = await FakeApiHttp.GetJsonAsync(client, "workspaces/current");
        var campaigns = await FakeApiHttp.ReadAllAsync(client, "campaigns");
        var leads = await FakeApiHttp.ReadAllLeadsAsync(client);

        Assert.Equal("acme-key", initech.ApiKey);
        Assert.Equal((initech.WorkspaceId, "initech"), (workspace.Text("id"), workspace.Text("name")));
        Assert.Equal(initech.Campaigns().Keys.Order(), campaigns.Select(c => c.Text("id")).Order());
        Assert.Equal(initech.LeadCount, leads.Count);
        Assert.All(leads, l => Assert.Equal(initech.WorkspaceId, l.Text("organization")));
        Assert.Equal(0, fake.For("acme").Stats.Requests);
        Assert.True(initech.Stats.Requests > 2);
    }

    [Fact]
    public async Task Without_the_header_the_admin_key_reaches_the_admin_workspace()
    {
        await using var fake = await StartAsync();
        using var client = FakeApiHttp.Client(fake, "acme-key");

        var (_, workspace) = await FakeApiHttp.GetJsonAsync(client, "workspaces/current");

        Assert.Equal(fake.For("acme").WorkspaceId, workspace.Text("id"));
    }

    [Theory]
    [InlineData("acme-key", "hooli")]
    [InlineData("acme-key", "acme")]
    [InlineData("solo-key", "initech")]
    [InlineData("acme-key", null)]
    public async Task A_sub_workspace_outside_the_keys_group_is_refused_with_403(string key, string? target)
    {
        await using var fake = await StartAsync();
        using var client = FakeApiHttp.Client(fake, key);
        client.DefaultRequestHeaders.Add("x-as-workspace", target is null ? Guid.NewGuid().ToString() : fake.For(target).WorkspaceId);

        var (status, body) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=10");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("Forbidden", body.Text("error"));
    }

    [Fact]
    public async Task Group_members_lists_the_admins_sub_workspaces_page_by_page()
    {
        await using var fake = await StartAsync();
        using var client = FakeApiHttp.Client(fake, "acme-key");

        var (_, first) = await FakeApiHttp.GetJsonAsync(client, "workspace-group-members?limit=2");
        var (_, second) = await FakeApiHttp.GetJsonAsync(client, $"workspace-group-members?limit=2&starting_after={first.Text("next_starting_after")}");
        var (_, last) = await FakeApiHttp.GetJsonAsync(client, $"workspace-group-members?limit=2&starting_after={second.Text("next_starting_after")}");
        var members = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(first.GetProperty("items")[1].Text("id"), first.Text("next_starting_after"));
        Assert.Equal("""{"items":[]}""", last.GetRawText());
        Assert.Equal(
            new[] { "initech", "umbrella", "wayne" }.Select(n => (fake.For(n).WorkspaceId, n)).Order(),
            members.Select(m => (m.Text("sub_workspace_id"), m.Text("sub_workspace_name"))).Order());
        Assert.All(members, m =>
        {
            Assert.Equal(fake.For("acme").WorkspaceId, m.Text("admin_workspace_id"));
            Assert.Equal("acme", m.Text("admin_workspace_name"));
            Assert.Equal("accepted", m.Text("status"));
            Assert.Equal(7, Guid.Parse(m.Text("id")).Version);
        });
        Assert.Equal(members.Select(m => m.Text("id")).Order(StringComparer.Ordinal), members.Select(m => m.Text("id")));
    }

    [Fact]
    public async Task Group_members_is_refused_to_a_workspace_that_administers_no_group()
    {
        await using var fake = await StartAsync();
        using var solo = FakeApiHttp.Client(fake, "solo-key");
        using var asSub = FakeApiHttp.ClientFor(fake, fake.For("initech"));

        var (soloStatus, body) = await FakeApiHttp.GetJsonAsync(solo, "workspace-group-members");
        var (subStatus, _) = await FakeApiHttp.GetJsonAsync(asSub, "workspace-group-members");

        Assert.Equal(HttpStatusCode.Forbidden, soloStatus);
        Assert.Equal(HttpStatusCode.Forbidden, subStatus);
        Assert.Equal("Forbidden", body.Text("error"));
    }

    [Fact]
    public async Task The_admin_endpoint_names_a_sub_workspaces_admin_and_no_one_elses()
    {
        await using var fake = await StartAsync();
        using var asSub = FakeApiHttp.ClientFor(fake, fake.For("hooli"));
        using var admin = FakeApiHttp.Client(fake, "globex-key");

        var (_, sub) = await FakeApiHttp.GetJsonAsync(asSub, "workspace-group-members/admin");
        var (_, none) = await FakeApiHttp.GetJsonAsync(admin, "workspace-group-members/admin");
        var (_, members) = await FakeApiHttp.GetJsonAsync(admin, "workspace-group-members");

        Assert.Equal("globex", sub.Text("workspace_name"));
        Assert.True(sub.GetProperty("has_admin_workspace").GetBoolean());
        Assert.Equal(members.GetProperty("items")[0].Text("id"), sub.Text("workspace_group_member_id"));
        Assert.Equal("Undefined", none.Text("workspace_name"));
        Assert.Equal(JsonValueKind.False, none.GetProperty("has_admin_workspace").ValueKind);
        Assert.False(none.Has("workspace_group_member_id"));
    }

    [Fact]
    public async Task A_sub_workspace_has_its_own_rate_limits_under_the_admins_key()
    {
        await using var fake = await StartAsync(new FakeFaults { RateLimits = true }, emailsPerMinute: 2);
        using var asSub = FakeApiHttp.ClientFor(fake, fake.For("initech"));
        using var admin = FakeApiHttp.Client(fake, "acme-key");

        var subStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            subStatuses.Add((await FakeApiHttp.GetJsonAsync(asSub, "emails?limit=1")).Status);
        }

        var (adminStatus, _) = await FakeApiHttp.GetJsonAsync(admin, "emails?limit=1");

        Assert.Equal(HttpStatusCode.TooManyRequests, subStatuses[2]);
        Assert.Equal(HttpStatusCode.OK, adminStatus);
        Assert.Equal(1, fake.For("initech").Stats.RateLimited);
    }

    [Fact]
    public async Task A_sub_workspace_must_name_an_admin_that_has_a_key()
    {
        var orphan = FakeApiHttp.Small() with { Name = "initech", SubWorkspaceOf = "acme" };

        await Assert.ThrowsAsync<ArgumentException>(() => FakeInstantly.StartAsync([FakeApiHttp.Small(), orphan]));
    }
}
