using System.Net;
using System.Text.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>Each test takes a snapshot over HTTP, advances the clock a day over HTTP, and snapshots again.</summary>
public sealed class TimeTravelTests : IAsyncLifetime
{
    private FakeInstantly _fake = null!;
    private HttpClient _client = null!;
    private Snapshot _before = null!;
    private Snapshot _after = null!;
    private JsonElement _advance;

    public async Task InitializeAsync()
    {
        _fake = await FakeInstantly.StartAsync(FakeApiHttp.Small());
        _client = FakeApiHttp.Client(_fake);
        _before = await Snapshot.TakeAsync(_client);
        using var control = FakeApiHttp.ControlClient(_fake);
        using var response = await control.PostAsync("advance?hours=24", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _advance = await FakeApiHttp.ReadJsonAsync(response);
        _after = await Snapshot.TakeAsync(_client);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public void Advancing_moves_the_business_clock()
    {
        Assert.Equal(FakeApiHttp.Clock.AddHours(24), _fake.Now);
        Assert.Equal(FakeApiHttp.Clock.AddHours(24), _advance.GetProperty("now").GetDateTimeOffset());
    }

    [Fact]
    public void New_emails_arrive_and_several_share_the_previous_newest_timestamp_created()
    {
        var previousNewest = _before.Emails.Values.Max(e => e.Text("timestamp_created"));
        var fresh = _after.Emails.Values.Where(e => !_before.Emails.ContainsKey(e.Text("id"))).ToList();

        Assert.True(fresh.Count(e => e.Text("timestamp_created") == previousNewest) >= 3);
        Assert.Contains(fresh, e => string.CompareOrdinal(e.Text("timestamp_created"), "2026-06-30T12:00:00.000Z") > 0);
        Assert.All(_before.Emails.Keys, id => Assert.True(_after.Emails.ContainsKey(id)));
    }

    [Fact]
    public void Existing_leads_change_status_counters_payload_and_timestamp_updated()
    {
        var changed = _before.Leads.Values
            .Select(b => (Before: b, After: _after.Leads[b.Text("id")]))
            .Where(p => p.Before.GetRawText() != p.After.GetRawText())
            .ToList();

        Assert.NotEmpty(changed);
        Assert.All(changed, p => Assert.True(string.CompareOrdinal(p.After.Text("timestamp_updated"), p.Before.Text("timestamp_updated")) > 0));
        Assert.Contains(changed, p => p.Before.GetProperty("payload").GetRawText() != p.After.GetProperty("payload").GetRawText());
        Assert.Contains(changed, p => p.Before.GetProperty("status").GetInt32() != p.After.GetProperty("status").GetInt32());
        Assert.Contains(changed, p => p.Before.GetProperty("email_open_count").GetInt32() < p.After.GetProperty("email_open_count").GetInt32());
    }

    [Fact]
    public void New_leads_appear_after_every_existing_id()
    {
        var newestBefore = _before.Leads.Keys.Max(StringComparer.Ordinal)!;
        var fresh = _after.Leads.Keys.Where(id => !_before.Leads.ContainsKey(id)).ToList();

        Assert.NotEmpty(fresh);
        Assert.All(fresh, id => Assert.True(string.CompareOrdinal(id, newestBefore) > 0));
    }

    [Fact]
    public void Analytics_gain_a_new_day_and_recent_days_change()
    {
        Assert.False(_before.Daily.ContainsKey("2026-07-01"));
        Assert.True(_after.Daily.ContainsKey("2026-07-01"));
        var recent = new[] { "2026-06-28", "2026-06-29", "2026-06-30" };
        Assert.Contains(recent, day => _before.Daily[day].GetRawText() != _after.Daily[day].GetRawText());
        Assert.Equal(_before.Daily["2026-06-12"].GetRawText(), _after.Daily["2026-06-12"].GetRawText());
    }

    [Fact]
    public void A_campaign_is_renamed_and_campaigns_gain_a_new_top_level_field()
    {
        var renamed = _before.Campaigns.Values.Where(b => b.Text("name") != _after.Campaigns[b.Text("id")].Text("name")).ToList();
        var keysBefore = _before.Campaigns.Values.SelectMany(c => c.EnumerateObject().Select(p => p.Name)).ToHashSet();
        var keysAfter = _after.Campaigns.Values.SelectMany(c => c.EnumerateObject().Select(p => p.Name)).ToHashSet();

        var campaign = Assert.Single(renamed);
        Assert.Equal(_advance.GetProperty("renamed_campaign_id").GetString(), campaign.Text("id"));
        Assert.True(string.CompareOrdinal(_after.Campaigns[campaign.Text("id")].Text("timestamp_updated"), campaign.Text("timestamp_updated")) > 0);
        Assert.NotEmpty(keysAfter.Except(keysBefore));
    }

    [Fact]
    public async Task Reads_stay_consistent_while_the_clock_advances()
    {
        using var cancel = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(async _ =>
        {
            var pages = 0;
            while (!cancel.IsCancellationRequested)
            {
                Assert.NotEmpty(await FakeApiHttp.ReadAllLeadsAsync(_client));
                pages++;
            }

            return pages;
        }).ToList();
        for (var i = 0; i < 5; i++)
        {
            _fake.AdvanceClock(TimeSpan.FromHours(6));
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        Assert.All(await Task.WhenAll(readers), pages => Assert.True(pages > 0));
    }

    private sealed record Snapshot(
        Dictionary<string, JsonElement> Campaigns,
        Dictionary<string, JsonElement> Leads,
        Dictionary<string, JsonElement> Emails,
        Dictionary<string, JsonElement> Daily)
    {
        public static async Task<Snapshot> TakeAsync(HttpClient client)
        {
            var (_, daily) = await FakeApiHttp.GetJsonAsync(client, "campaigns/analytics/daily?start_date=2026-06-01&end_date=2026-07-05");
            return new Snapshot(
                (await FakeApiHttp.ReadAllAsync(client, "campaigns")).ToDictionary(c => c.Text("id")),
                (await FakeApiHttp.ReadAllLeadsAsync(client)).ToDictionary(l => l.Text("id")),
                (await FakeApiHttp.ReadAllAsync(client, "emails?sort_order=asc")).ToDictionary(e => e.Text("id")),
                daily.EnumerateArray().ToDictionary(d => d.Text("date")));
        }
    }
}
