using InstantlySync.Api;
using Serilog.Events;

namespace InstantlySync.Tests.Api;

public sealed class RetryTests
{
    private const string Workspace = """{"id":"ws-1","name":"Acme"}""";

    [Fact]
    public async Task A_429_with_Retry_After_waits_as_long_as_the_server_asked()
    {
        await using var server = await TestApiServer.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return Respond.Error(context, 429, "Too Many Requests", "Rate limit exceeded");
            }

            return Respond.Json(context, Workspace);
        });
        using var client = TestClient.Create(server);

        var workspace = await client.GetCurrentWorkspaceAsync(CancellationToken.None);

        Assert.Equal("Acme", workspace.GetProperty("name").GetString());
        var gap = server.Requests[1].ArrivedAt - server.Requests[0].ArrivedAt;
        Assert.InRange(gap, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(3));
        Assert.Equal(1, client.Stats.TooManyRequests);
    }

    [Fact]
    public async Task A_429_without_Retry_After_backs_off_and_then_succeeds()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => n <= 2
            ? Respond.Error(context, 429, "Too Many Requests", "Rate limit exceeded")
            : Respond.Json(context, Workspace));
        var log = new CapturedLog();
        using var client = TestClient.Create(TestClient.Settings(server), log);

        await client.GetCurrentWorkspaceAsync(CancellationToken.None);

        Assert.Equal(3, client.Stats.Attempts);
        Assert.Equal(2, client.Stats.Retries);
        Assert.Equal(2, client.Stats.TooManyRequests);
        var warnings = log.Events.Where(e => e.Level == LogEventLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.Equal("\"HTTP 429\"", w.Properties["Failure"].ToString());
            Assert.True(w.Properties.ContainsKey("DelayMs"));
        });
    }

    [Fact]
    public async Task Server_errors_500_502_and_503_are_retried()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => n switch
        {
            1 => Respond.Error(context, 500, "Internal Server Error", "boom"),
            2 => Respond.Text(context, "<html><title>502 Bad Gateway</title></html>", 502, "text/html"),
            3 => Respond.Error(context, 503, "Service Unavailable", "retry shortly"),
            _ => Respond.Json(context, Workspace),
        });
        using var client = TestClient.Create(server, maxRetries: 3);

        await client.GetCurrentWorkspaceAsync(CancellationToken.None);

        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(3, client.Stats.Responses5xx);
        Assert.Equal(1, client.Stats.Responses2xx);
    }

    [Fact]
    public async Task Server_errors_that_outlast_the_retries_fail_the_call_with_the_last_status()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Error(context, 503, "Service Unavailable", "down for maintenance"));
        using var client = TestClient.Create(server, maxRetries: 2);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

        Assert.Equal(ApiFailureKind.RetriesExhausted, failure.Kind);
        Assert.Equal(503, failure.StatusCode);
        Assert.Equal(3, failure.Attempts);
        Assert.Equal("GET /workspaces/current failed after 3 attempts: HTTP 503 Service Unavailable: down for maintenance", failure.Message);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var server = await TestApiServer.StartAsync((context, n) =>
            n == 1 ? Respond.Drop(context) : Respond.Json(context, Workspace));
        using var client = TestClient.Create(server);

        await client.GetCurrentWorkspaceAsync(CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, client.Stats.TransportFailures);
    }

    [Fact]
    public async Task A_body_cut_short_by_a_dropped_connection_is_retried()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => n == 1
            ? Respond.CutShort(context)
            : Respond.Json(context, Respond.Page(null, "a", "b")));
        using var client = TestClient.Create(server);

        var pages = await client.ListCampaignsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(2, pages.Single().Items.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_JSON_body_that_ends_prematurely_is_retried_then_fails_the_page()
    {
        // Complete HTTP framing around incomplete JSON, as a proxy that lost the upstream connection sends it.
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Json(context, """{"items":[{"id":"a"},{"id":"""));
        using var client = TestClient.Create(server, maxRetries: 2);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.ListCampaignsAsync(CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ApiFailureKind.RetriesExhausted, failure.Kind);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("GET /campaigns failed after 3 attempts: the response body ended prematurely", failure.Message);
    }

    [Fact]
    public async Task A_complete_body_that_is_not_JSON_is_not_retried()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Text(context, "<html>maintenance</html>", 200, "text/html"));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_is_abandoned_and_retried()
    {
        await using var server = await TestApiServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }

            await Respond.Json(context, Workspace);
        });
        var settings = TestClient.Settings(server) with { TimeoutSeconds = 1 };
        using var client = TestClient.Create(settings, new CapturedLog());

        await client.GetCurrentWorkspaceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(8));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, client.Stats.TransportFailures);
    }

    [Fact]
    public async Task Cancelling_the_caller_stops_retrying_at_once()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
        {
            context.Response.Headers.RetryAfter = "2";
            return Respond.Error(context, 429, "Too Many Requests", "Rate limit exceeded");
        });
        using var client = TestClient.Create(server);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetCurrentWorkspaceAsync(cancellation.Token));

        Assert.Single(server.Requests);
    }
}
