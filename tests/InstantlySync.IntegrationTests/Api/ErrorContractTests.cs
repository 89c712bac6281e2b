using InstantlySync.Api;

namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// Failures as a user meets them: the API's own words from a Fastify error body, and a plain
/// sentence instead of Cloudflare's HTML when the CDN blocks the client.
/// </summary>
public sealed class ErrorContractTests
{
    /// <summary>Fastify's validation error envelope, as Instantly's API sends it for a 400.</summary>
    private const string FastifyBadRequest = """{"statusCode":400,"error":"Bad Request","message":"body/limit must be <= 100"}""";

    /// <summary>The shape of Cloudflare's block page for error 1010 (banned browser signature), abridged.</summary>
    private const string CloudflareBlockPage = """
        <!DOCTYPE html>
        <!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
        <!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
        <head>
        <title>Access denied | api.instantly.ai used Cloudflare to restrict access</title>
        <meta charset="UTF-8" />
        <meta name="robots" content="noindex, nofollow" />
        <link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/main.css" />
        <script>(function(){if(document.addEventListener){}})();</script>
        </head>
        <body>
          <div id="cf-wrapper">
            <div id="cf-error-details" class="cf-error-details-wrapper">
              <div class="cf-wrapper cf-header cf-error-overview">
                <h1>
                  <span class="cf-error-type" data-translate="error">Error</span>
                  <span class="cf-error-code">1010</span>
                  <small class="heading-ray-id">Ray ID: 8f1d2c3b4a5e6f70 &bull; 2026-06-30 22:40:01 UTC</small>
                </h1>
                <h2 class="cf-subheadline" data-translate="error_desc">Access denied</h2>
              </div>
              <div class="cf-section cf-wrapper">
                <h2 data-translate="what_happened">What happened?</h2>
                <p>The owner of this website (api.instantly.ai) has banned your access based on your browser's signature (8f1d2c3b4a5e6f70-ua21).</p>
              </div>
              <div class="cf-error-footer cf-wrapper">
                <span>Cloudflare Ray ID: <strong>8f1d2c3b4a5e6f70</strong></span>
                <span>Performance &amp; security by <a href="https://www.cloudflare.com/5xx-error-landing" target="_blank">Cloudflare</a></span>
              </div>
            </div>
          </div>
        </body>
        </html>
        """;

    [Fact]
    public async Task A_Fastify_400_fails_with_the_API_message_and_is_not_retried()
    {
        var leads = Recording.Load("leads.p1.json");
        using var api = RecordedApi.Start();
        api.When(leads).RespondWith(RecordedApi.Json(400, FastifyBadRequest));
        using var client = ContractClient.Create(api);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.ListLeadsAsync(campaignId: null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("POST /leads/list failed: HTTP 400 Bad Request: body/limit must be <= 100", failure.Message);
        Assert.Equal(ApiFailureKind.Rejected, failure.Kind);
        Assert.Equal(400, failure.StatusCode);
        Assert.False(failure.StopsRun);
        Assert.Single(api.Requests);
        Assert.Equal(0, client.Stats.Retries);
    }

    [Theory]
    [InlineData(CloudflareBlockPage, "text/html; charset=UTF-8")]
    [InlineData("error code: 1010", "text/plain; charset=UTF-8")]
    public async Task A_Cloudflare_1010_block_fails_as_a_firewall_block_in_plain_words(string body, string contentType)
    {
        var campaigns = Recording.Load("campaigns.p1.json");
        using var api = RecordedApi.Start();
        api.When(campaigns).RespondWith(RecordedApi.Body(403, contentType, body));
        using var client = ContractClient.Create(api);

        var failure = await Assert.ThrowsAsync<InstantlyApiException>(() =>
            client.ListCampaignsAsync(CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(ApiFailureKind.FirewallBlocked, failure.Kind);
        Assert.True(failure.StopsRun);
        Assert.Equal(403, failure.StatusCode);
        Assert.StartsWith("GET /campaigns failed: HTTP 403 Forbidden: blocked by Cloudflare (error code 1010", failure.Message, StringComparison.Ordinal);
        Assert.Contains("User-Agent", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not an API key scope problem", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lacks the scope", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('<', failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Single(api.Requests);
    }
}
