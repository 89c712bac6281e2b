using System.Net;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class AuthTests
{
    [Fact]
    public async Task Missing_authorization_header_is_answered_with_401()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small());
        using var client = new HttpClient { BaseAddress = new Uri(fake.BaseUrl + "/") };

        var (status, body) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=10");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"statusCode":401,"error":"Unauthorized","message":"Missing Authorization header"}""", body.GetRawText());
    }

    [Fact]
    public async Task A_wrong_key_is_answered_with_401()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small() with { ApiKey = "right-key" });
        using var wrong = FakeApiHttp.Client(fake, "wrong-key");
        using var right = FakeApiHttp.Client(fake);

        var (status, body) = await FakeApiHttp.GetJsonAsync(wrong, "workspaces/current");
        var (ok, _) = await FakeApiHttp.GetJsonAsync(right, "workspaces/current");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Unauthorized", body.Text("error"));
        Assert.Equal(HttpStatusCode.OK, ok);
    }

    [Fact]
    public async Task Without_a_paid_plan_every_endpoint_answers_402()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small(faults: new FakeFaults { PaymentRequired = true }));
        using var client = FakeApiHttp.Client(fake);

        var (campaigns, body) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=10");
        var (leads, _) = await FakeApiHttp.LeadsPageAsync(client, 10);

        Assert.Equal(HttpStatusCode.PaymentRequired, campaigns);
        Assert.Equal(HttpStatusCode.PaymentRequired, leads);
        Assert.Equal("Payment Required", body.Text("error"));
    }

    [Fact]
    public async Task Forbidden_paths_answer_403_only_under_their_prefix()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small(faults: new FakeFaults { RateLimits = false, ForbiddenPaths = ["/emails"] }));
        using var client = FakeApiHttp.Client(fake);

        var (emails, body) = await FakeApiHttp.GetJsonAsync(client, "emails?limit=10");
        var (campaigns, _) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=10");

        Assert.Equal(HttpStatusCode.Forbidden, emails);
        Assert.Equal("""{"statusCode":403,"error":"Forbidden","message":"Forbidden"}""", body.GetRawText());
        Assert.Equal(HttpStatusCode.OK, campaigns);
    }

    [Fact]
    public async Task Plan_and_scope_errors_can_be_switched_at_run_time()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small());
        using var client = FakeApiHttp.Client(fake);
        using var control = FakeApiHttp.ControlClient(fake);

        using var set = await control.PostAsync("faults", new StringContent("""{"forbidden_paths":["/api/v2/leads"]}"""));
        var (leads, _) = await FakeApiHttp.LeadsPageAsync(client, 10);
        fake.UpdateFaults(f => f with { ForbiddenPaths = [], PaymentRequired = true });
        var (campaigns, _) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=10");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, leads);
        Assert.Equal(HttpStatusCode.PaymentRequired, campaigns);
    }

    [Fact]
    public async Task Control_endpoints_need_no_key()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small(faults: new FakeFaults { PaymentRequired = true }));
        using var control = FakeApiHttp.ControlClient(fake);

        using var stats = await control.GetAsync("stats");
        using var faults = await control.GetAsync("faults");

        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.OK, faults.StatusCode);
    }
}
