namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// The analytics endpoints answer with bare arrays; every one recorded was <c>[]</c>, taken
/// before the workspace sent its first email. The per-campaign ones cover June 2026.
/// </summary>
public sealed class AnalyticsContractTests
{
    private static readonly DateOnly WindowStart = new(2026, 6, 1);
    private static readonly DateOnly WindowEnd = new(2026, 7, 1);

    [Fact]
    public async Task Every_recorded_daily_and_step_answer_of_a_campaign_parses_as_no_rows()
    {
        var daily = PerCampaign("GET /campaigns/analytics/daily");
        var steps = PerCampaign("GET /campaigns/analytics/steps");
        using var api = RecordedApi.Start();
        daily.ForEach(recording => api.Serve(recording));
        // Recorded with include_opportunities_count=true, which the client does not send.
        steps.ForEach(recording => api.Serve(recording, "include_opportunities_count"));
        using var client = ContractClient.Create(api);

        foreach (var recording in daily)
        {
            Assert.Empty(await client.GetDailyAnalyticsAsync(recording.Params["campaign_id"], WindowStart, WindowEnd, CancellationToken.None));
        }

        foreach (var recording in steps)
        {
            Assert.Empty(await client.GetStepAnalyticsAsync(recording.Params["campaign_id"], WindowStart, WindowEnd, CancellationToken.None));
        }

        Assert.Equal(11, daily.Count);
        Assert.Equal(11, steps.Count);
        Assert.Equal(daily.Count + steps.Count, api.Requests.Count);
        Assert.All(api.Requests, request => Assert.Equal(200, request.Status()));
    }

    [Fact]
    public async Task The_recorded_workspace_daily_series_and_campaign_totals_parse_as_no_rows()
    {
        using var api = RecordedApi.Start();
        api.Serve(Recording.Load("daily.workspace.json"));
        api.Serve(Recording.Load("campaigns_analytics.json"));
        using var client = ContractClient.Create(api);

        var workspaceDaily = await client.GetDailyAnalyticsAsync(campaignId: null, WindowStart, WindowEnd, CancellationToken.None);
        var totals = await client.GetCampaignAnalyticsAsync(WindowStart, WindowEnd, CancellationToken.None);

        Assert.Empty(workspaceDaily);
        Assert.Empty(totals);
        Assert.Equal(
            ["/api/v2/campaigns/analytics/daily", "/api/v2/campaigns/analytics"],
            api.Requests.Select(r => r.RequestMessage.Path));
        Assert.All(api.Requests, request => Assert.Equal(200, request.Status()));
        // The workspace-wide series is asked for by leaving the campaign out.
        Assert.Null(api.Requests[0].Param("campaign_id"));
    }

    private static List<Recording> PerCampaign(string endpoint) =>
        [.. Recording.FilesFor(endpoint).Select(file => Recording.Load(file)).Where(r => r.Params.ContainsKey("campaign_id"))];
}
