using InstantlySync.Api;

namespace InstantlySync.Tests.Api;

public sealed class ErrorTests
{
    [Theory]
    [InlineData(400, "Bad Request", "querystring/limit must be <= 100", nameof(ApiFailureKind.Rejected))]
    [InlineData(401, "Unauthorized", "Missing Authorization header", nameof(ApiFailureKind.Authentication))]
    [InlineData(402, "Payment Required", "Workspace does not have an active paid plan", nameof(ApiFailureKind.Authentication))]
    [InlineData(403, "Forbidden", "Forbidden", nameof(ApiFailureKind.Forbidden))]
    [InlineData(404, "Not Found", "Resource not found", nameof(ApiFailureKind.Rejected))]
    public async Task Client_errors_are_not_retried_and_say_what_went_wrong_on_one_line(
        int status, string error, string message, string kind)
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Error(context, status, error, message));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

        Assert.Single(server.Requests);
        Assert.Equal(Enum.Parse<ApiFailureKind>(kind), failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal("/workspaces/current", failure.Path);
        Assert.StartsWith($"GET /workspaces/current failed: HTTP {status}", failure.Message, StringComparison.Ordinal);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain(TestClient.ApiKey, failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.Stats.Retries);
    }

    [Fact]
    public async Task Authentication_and_plan_failures_stop_the_run_but_a_scope_failure_does_not()
    {
        var statuses = new Dictionary<int, bool> { [401] = true, [402] = true, [403] = false, [404] = false };
        foreach (var (status, stopsRun) in statuses)
        {
            await using var server = await TestApiServer.StartAsync((context, _) => Respond.Error(context, status, "x", "y"));
            using var client = TestClient.Create(server);

            var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

            Assert.Equal(stopsRun, failure.StopsRun);
        }
    }

    [Fact]
    public async Task A_403_from_the_API_names_the_missing_scope()
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Error(context, 403, "Forbidden", "Forbidden"));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.GetStepAnalyticsAsync("c1", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), CancellationToken.None));

        Assert.Contains("campaigns:read", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error code: 1010", "text/plain")]
    [InlineData(CloudflareBlockPage, "text/html")]
    public async Task A_Cloudflare_1010_block_is_described_as_a_WAF_block_not_a_scope_problem(string body, string contentType)
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Text(context, body, 403, contentType));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

        Assert.Equal(ApiFailureKind.FirewallBlocked, failure.Kind);
        Assert.True(failure.StopsRun);
        Assert.Contains("WAF block", failure.Message, StringComparison.Ordinal);
        Assert.Contains("User-Agent", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not an API key scope problem", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lacks the scope", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task An_analytics_400_with_a_bare_message_is_reported_with_that_message()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Json(context, """{"message":"Start Date must be earlier than End Date"}""", 400));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.GetCampaignAnalyticsAsync(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), CancellationToken.None));

        Assert.Equal(
            "GET /campaigns/analytics failed: HTTP 400 Bad Request: Start Date must be earlier than End Date",
            failure.Message);
    }

    [Fact]
    public async Task An_error_body_with_only_an_error_field_is_reported_with_that_field()
    {
        await using var server = await TestApiServer.StartAsync((context, _) =>
            Respond.Json(context, """{"error":"Invalid lead filter"}""", 400));
        using var client = TestClient.Create(server);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

        Assert.EndsWith("HTTP 400 Bad Request: Invalid lead filter", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_never_appears_in_messages_or_logs_even_when_the_server_echoes_it()
    {
        await using var server = await TestApiServer.StartAsync((context, n) => n == 1
            ? Respond.Error(context, 500, "Internal Server Error", $"upstream rejected Bearer {TestClient.ApiKey}")
            : Respond.Error(context, 401, "Unauthorized", $"Invalid API key {TestClient.ApiKey}"));
        var log = new CapturedLog();
        using var client = TestClient.Create(TestClient.Settings(server), log);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() => client.GetCurrentWorkspaceAsync(CancellationToken.None));

        Assert.Equal(ApiFailureKind.Authentication, failure.Kind);
        Assert.DoesNotContain(TestClient.ApiKey, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("[redacted]", failure.Message, StringComparison.Ordinal);
        Assert.NotEmpty(log.Events);
        Assert.All(log.Rendered(), line => Assert.DoesNotContain(TestClient.ApiKey, line, StringComparison.Ordinal));
    }

    private const string CloudflareBlockPage = """
        <!DOCTYPE html>
        <html lang="en-US">
        <head><title>Access denied | api.instantly.ai used Cloudflare to restrict access</title></head>
        <body>
          <h1><span>Error</span><span>1010</span></h1>
          <h2>Access denied</h2>
          <p>The owner of this website (api.instantly.ai) has banned your access based on your browser's signature.</p>
          <span>Cloudflare Ray ID: 8f1d2c3b4a5e6f70</span>
        </body>
        </html>
        """;
}
