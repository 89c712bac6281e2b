using System.Net;
using System.Text.Json;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class AnalyticsTests(SharedFakeFixture fixture) : IClassFixture<SharedFakeFixture>
{
    private const string Lifetime = "start_date=2026-01-01&end_date=2026-06-30";
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Campaign_analytics_is_a_bare_array_with_one_row_per_campaign_that_has_sent()
    {
        var (status, rows) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics?{Lifetime}");
        var campaigns = await FakeApiHttp.ReadAllAsync(_client, "campaigns");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        var draft = campaigns.Single(c => c.GetProperty("status").GetInt32() == 0).Text("id");
        Assert.Equal(campaigns.Count - 1, rows.GetArrayLength());
        Assert.DoesNotContain(rows.EnumerateArray(), r => r.Text("campaign_id") == draft);
        var (_, none) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics?id={draft}&{Lifetime}");
        Assert.Equal("[]", none.GetRawText());
    }

    [Fact]
    public async Task Campaign_analytics_for_one_id_counts_only_events_inside_the_window()
    {
        var (_, all) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics?{Lifetime}");
        var id = all[0].Text("campaign_id");

        var (_, lifetime) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics?id={id}&{Lifetime}");
        var (_, lastWeek) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics?id={id}&start_date=2026-06-24&end_date=2026-06-30");

        Assert.Equal(1, lifetime.GetArrayLength());
        var sentLifetime = lifetime[0].GetProperty("emails_sent_count").GetInt32();
        var sentWeek = lastWeek[0].GetProperty("emails_sent_count").GetInt32();
        Assert.InRange(sentWeek, 1, sentLifetime - 1);
        var (_, daily) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/daily?campaign_id={id}&start_date=2026-06-24&end_date=2026-06-30");
        Assert.Equal(sentWeek, daily.EnumerateArray().Sum(d => d.GetProperty("sent").GetInt32()));
    }

    [Fact]
    public async Task Daily_analytics_per_campaign_add_up_to_the_workspace_series()
    {
        var campaigns = await FakeApiHttp.ReadAllAsync(_client, "campaigns");
        var (_, workspace) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/daily?{Lifetime}");

        var sums = new Dictionary<string, int>();
        foreach (var campaign in campaigns)
        {
            var (_, rows) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/daily?campaign_id={campaign.Text("id")}&{Lifetime}");
            foreach (var row in rows.EnumerateArray())
            {
                sums[row.Text("date")] = sums.GetValueOrDefault(row.Text("date")) + row.GetProperty("sent").GetInt32();
            }
        }

        Assert.Equal(sums.Count, workspace.GetArrayLength());
        Assert.All(workspace.EnumerateArray(), row => Assert.Equal(sums[row.Text("date")], row.GetProperty("sent").GetInt32()));
        Assert.False(workspace[0].Has("campaign_id"));
    }

    [Fact]
    public async Task Daily_sent_counts_match_the_campaign_emails_sent_that_day()
    {
        var campaign = await FakeApiHttp.SendingCampaignAsync(_client);
        var emails = await FakeApiHttp.ReadAllAsync(_client, $"emails?campaign_id={campaign}");
        var (_, daily) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/daily?campaign_id={campaign}&{Lifetime}");

        var sentPerDay = emails.Where(e => e.GetProperty("ue_type").GetInt32() == 1)
            .GroupBy(e => e.Text("timestamp_created")[..10])
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(sentPerDay, daily.EnumerateArray().ToDictionary(d => d.Text("date"), d => d.GetProperty("sent").GetInt32()));
    }

    [Fact]
    public async Task Daily_analytics_default_to_the_last_30_days()
    {
        var (_, rows) = await FakeApiHttp.GetJsonAsync(_client, "campaigns/analytics/daily");

        var dates = rows.EnumerateArray().Select(r => DateOnly.Parse(r.Text("date"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.Order(), dates);
        Assert.Equal(new DateOnly(2026, 6, 30), dates[^1]);
        Assert.True(dates[0] >= new DateOnly(2026, 5, 31));
        var (_, explicitWindow) = await FakeApiHttp.GetJsonAsync(_client, "campaigns/analytics/daily?start_date=2026-05-31&end_date=2026-06-30");
        Assert.Equal(explicitWindow.GetRawText(), rows.GetRawText());
        var (_, shorter) = await FakeApiHttp.GetJsonAsync(_client, "campaigns/analytics/daily?start_date=2026-06-20");
        Assert.Equal(11, shorter.GetArrayLength());
    }

    [Fact]
    public async Task Step_analytics_report_steps_and_variants_as_strings()
    {
        var campaign = await FakeApiHttp.SendingCampaignAsync(_client);

        var (_, rows) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/steps?campaign_id={campaign}&{Lifetime}");
        var (_, all) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/steps?{Lifetime}");

        Assert.NotEmpty(rows.EnumerateArray());
        Assert.All(rows.EnumerateArray(), r =>
        {
            Assert.Equal(JsonValueKind.String, r.GetProperty("step").ValueKind);
            Assert.Equal(JsonValueKind.String, r.GetProperty("variant").ValueKind);
        });
        Assert.Contains(rows.EnumerateArray(), r => r.Text("step") == "0" && r.Text("variant") == "0");
        var sentOneCampaign = rows.EnumerateArray().Sum(r => r.GetProperty("sent").GetInt32());
        Assert.True(all.EnumerateArray().Sum(r => r.GetProperty("sent").GetInt32()) > sentOneCampaign);
    }

    [Theory]
    [InlineData("campaigns/analytics")]
    [InlineData("campaigns/analytics/daily")]
    [InlineData("campaigns/analytics/steps")]
    public async Task Analytics_refuse_a_start_date_after_the_end_date_with_a_bare_message(string path)
    {
        var (status, body) = await FakeApiHttp.GetJsonAsync(_client, $"{path}?start_date=2026-06-20&end_date=2026-06-10");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"message":"Start Date must be earlier than End Date"}""", body.GetRawText());
    }

    [Fact]
    public async Task Oracle_returns_the_exact_json_the_api_serves()
    {
        var oracle = fixture.Fake.Workspace;
        var campaigns = await FakeApiHttp.ReadAllAsync(_client, "campaigns");
        var leads = await FakeApiHttp.ReadAllLeadsAsync(_client);
        var emails = await FakeApiHttp.ReadAllAsync(_client, "emails");
        var accounts = await FakeApiHttp.ReadAllAsync(_client, "accounts");

        Assert.Equal(oracle.Campaigns().Values.Order(StringComparer.Ordinal), campaigns.Select(c => c.GetRawText()).Order(StringComparer.Ordinal));
        Assert.Equal(oracle.Leads().Values.Order(StringComparer.Ordinal), leads.Select(c => c.GetRawText()).Order(StringComparer.Ordinal));
        Assert.Equal(oracle.Emails().Values.Order(StringComparer.Ordinal), emails.Select(c => c.GetRawText()).Order(StringComparer.Ordinal));
        Assert.Equal(oracle.Accounts().Values.Order(StringComparer.Ordinal), accounts.Select(c => c.GetRawText()).Order(StringComparer.Ordinal));
        Assert.Equal(emails[0].GetRawText(), oracle.Email(emails[0].Text("id")));
        Assert.Null(oracle.Lead(Guid.CreateVersion7().ToString()));

        var id = await FakeApiHttp.SendingCampaignAsync(_client);
        var window = "start_date=2026-05-01&end_date=2026-06-30";
        var (from, to) = (new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 30));
        var (_, daily) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/daily?campaign_id={id}&{window}");
        Assert.Equal(oracle.DailyAnalytics(id, from, to).Values, daily.EnumerateArray().Select(r => r.GetRawText()));
        var (_, workspaceDaily) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/daily?{window}");
        Assert.Equal(oracle.DailyAnalytics(null, from, to).Values, workspaceDaily.EnumerateArray().Select(r => r.GetRawText()));
        var (_, steps) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics/steps?campaign_id={id}&{window}");
        Assert.Equal(oracle.StepAnalytics(id, from, to).Values, steps.EnumerateArray().Select(r => r.GetRawText()));
        var (_, totals) = await FakeApiHttp.GetJsonAsync(_client, $"campaigns/analytics?id={id}&{window}");
        Assert.Equal(oracle.CampaignAnalytics(id, from, to), totals[0].GetRawText());
    }
}
