using System.Text.RegularExpressions;

namespace InstantlySync.Tests.Api;

public sealed partial class HeaderTests
{
    [Fact]
    public async Task Every_request_carries_the_bearer_key_an_honest_User_Agent_and_accepts_JSON()
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Json(context, """{"id":"ws"}"""));
        using var client = TestClient.Create(server);

        await client.GetCurrentWorkspaceAsync(CancellationToken.None);

        var headers = server.Requests.Single().Headers;
        Assert.Equal($"Bearer {TestClient.ApiKey}", headers.Authorization.ToString());
        Assert.Matches(UserAgent(), headers.UserAgent.ToString());
        Assert.Equal("application/json", headers.Accept.ToString());
    }

    [Fact]
    public async Task A_bodiless_request_declares_no_content_type()
    {
        // Fastify answers 400 to an empty body that claims to be JSON.
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Json(context, """{"items":[]}"""));
        using var client = TestClient.Create(server);

        await foreach (var _ in client.ListCampaignsAsync(CancellationToken.None))
        {
        }

        var request = server.Requests.Single();
        Assert.False(request.Headers.ContainsKey("Content-Type"));
        Assert.Equal(string.Empty, request.Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task The_base_URL_keeps_its_path_with_or_without_a_trailing_slash(string suffix)
    {
        await using var server = await TestApiServer.StartAsync((context, _) => Respond.Json(context, """{"id":"ws"}"""));
        var settings = TestClient.Settings(server) with { BaseUrl = server.BaseUrl + suffix };
        using var client = TestClient.Create(settings, new CapturedLog());

        await client.GetCurrentWorkspaceAsync(CancellationToken.None);

        Assert.Equal("/api/v2/workspaces/current", server.Requests.Single().Path);
    }

    [GeneratedRegex(@"^InstantlySync/\d+\.\d+\.\d+\S* \(\+https://github\.com/instantlysync\)$")]
    private static partial Regex UserAgent();
}
