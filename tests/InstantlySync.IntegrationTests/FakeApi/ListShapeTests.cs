using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed partial class ListShapeTests(SharedFakeFixture fixture) : IClassFixture<SharedFakeFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMillisUtc();

    [Fact]
    public async Task Workspace_current_returns_the_workspace_identity()
    {
        var (status, body) = await FakeApiHttp.GetJsonAsync(_client, "workspaces/current");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(fixture.Fake.Workspace.WorkspaceId, body.Text("id"));
        Assert.True(body.Has("name") && body.Has("owner") && body.Has("plan_id"));
        Assert.Matches(IsoMillisUtc(), body.Text("timestamp_created"));
    }

    [Fact]
    public async Task Campaigns_are_listed_by_id_descending_with_sequences_and_uuid_v4_ids()
    {
        var campaigns = await FakeApiHttp.ReadAllAsync(_client, "campaigns", limit: 3);

        var ids = campaigns.Select(c => c.Text("id")).ToList();
        Assert.Equal(7, ids.Count);
        Assert.Equal(ids.OrderByDescending(id => id, StringComparer.Ordinal), ids);
        Assert.All(ids, id => Assert.Equal(4, Guid.Parse(id).Version));
        Assert.All(campaigns, c =>
        {
            var steps = c.GetProperty("sequences")[0].GetProperty("steps");
            Assert.True(steps.GetArrayLength() >= 2);
            Assert.NotEmpty(steps[0].GetProperty("variants").EnumerateArray());
            Assert.Equal(JsonValueKind.Number, c.GetProperty("status").ValueKind);
            Assert.NotEmpty(c.GetProperty("email_list").EnumerateArray());
            Assert.Matches(IsoMillisUtc(), c.Text("timestamp_updated"));
        });
    }

    [Fact]
    public async Task Accounts_are_keyed_by_email_with_a_timestamp_and_email_cursor()
    {
        var (_, first) = await FakeApiHttp.GetJsonAsync(_client, "accounts?limit=2");
        var items = first.GetProperty("items");
        var last = items[1];

        Assert.Equal($"{last.Text("timestamp_created")}&{last.Text("email")}", first.Text("next_starting_after"));
        Assert.False(items[0].Has("id"));
        var all = await FakeApiHttp.ReadAllAsync(_client, "accounts", limit: 4);
        Assert.Equal(6, all.Select(a => a.Text("email")).Distinct().Count());
    }

    [Fact]
    public async Task Emails_come_newest_first_by_default_and_oldest_first_with_sort_order_asc()
    {
        var (_, desc) = await FakeApiHttp.GetJsonAsync(_client, "emails?limit=100");
        var (_, asc) = await FakeApiHttp.GetJsonAsync(_client, "emails?limit=100&sort_order=asc");

        var descTimes = desc.GetProperty("items").EnumerateArray().Select(e => e.Text("timestamp_created")).ToList();
        var ascTimes = asc.GetProperty("items").EnumerateArray().Select(e => e.Text("timestamp_created")).ToList();
        Assert.Equal(descTimes.OrderByDescending(t => t, StringComparer.Ordinal), descTimes);
        Assert.Equal(ascTimes.Order(StringComparer.Ordinal), ascTimes);
        Assert.True(string.CompareOrdinal(descTimes[0], ascTimes[0]) > 0);
    }

    [Fact]
    public async Task Emails_min_and_max_timestamp_created_are_inclusive_bounds()
    {
        var all = await FakeApiHttp.ReadAllAsync(_client, "emails?sort_order=asc");
        var pivot = all[all.Count / 2].Text("timestamp_created");
        var upper = all[(all.Count / 2) + 40].Text("timestamp_created");

        var window = await FakeApiHttp.ReadAllAsync(_client, $"emails?sort_order=asc&min_timestamp_created={pivot}&max_timestamp_created={upper}");

        var expected = all.Where(e => string.CompareOrdinal(e.Text("timestamp_created"), pivot) >= 0
            && string.CompareOrdinal(e.Text("timestamp_created"), upper) <= 0).Select(e => e.Text("id"));
        Assert.Equal(expected, window.Select(e => e.Text("id")));
        Assert.Equal(pivot, window[0].Text("timestamp_created"));
        Assert.Equal(upper, window[^1].Text("timestamp_created"));
    }

    [Fact]
    public async Task Emails_filter_by_campaign_id()
    {
        var campaign = await FakeApiHttp.SendingCampaignAsync(_client);

        var emails = await FakeApiHttp.ReadAllAsync(_client, $"emails?campaign_id={campaign}");

        Assert.NotEmpty(emails);
        Assert.All(emails, e => Assert.Equal(campaign, e.Text("campaign_id")));
    }

    [Fact]
    public async Task Emails_carry_numeric_flags_step_ids_non_uuid_threads_and_uuid_v7_ids()
    {
        var emails = await FakeApiHttp.ReadAllAsync(_client, "emails");

        Assert.Equal([1, 2, 3, 4], emails.Select(e => e.GetProperty("ue_type").GetInt32()).Distinct().Order());
        Assert.All(emails, e =>
        {
            Assert.Equal(7, Guid.Parse(e.Text("id")).Version);
            Assert.Contains(e.GetProperty("is_unread").GetInt32(), new[] { 0, 1 });
            Assert.Contains(e.GetProperty("is_focused").GetInt32(), new[] { 0, 1 });
            Assert.False(Guid.TryParse(e.Text("thread_id"), out _));
            Assert.Matches(IsoMillisUtc(), e.Text("timestamp_email"));
            Assert.EndsWith(".000Z", e.Text("timestamp_created"), StringComparison.Ordinal);
            var ueType = e.GetProperty("ue_type").GetInt32();
            if (ueType == 3)
            {
                Assert.False(e.Has("step"));
                Assert.False(e.Has("campaign_id"));
            }
            else
            {
                Assert.Matches(@"^0_\d+_\d+$", e.Text("step"));
                Assert.StartsWith(e.Text("campaign_id")[..2] + "-", e.Text("thread_id"), StringComparison.Ordinal);
            }

            if (ueType == 2)
            {
                Assert.Contains(e.GetProperty("is_auto_reply").GetInt32(), new[] { 0, 1 });
            }
            else
            {
                Assert.False(e.Has("is_auto_reply"));
            }
        });
        Assert.Contains(emails, e => e.TryGetProperty("cc_address_email_list", out var cc) && cc.GetString()!.Contains(',', StringComparison.Ordinal));
        Assert.Contains(emails, e => e.Text("to_address_email_list").Contains(',', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leads_come_in_id_order_with_uuid_v7_ids_and_a_payload_mirroring_core_fields()
    {
        var leads = await FakeApiHttp.ReadAllLeadsAsync(_client);

        Assert.Equal(300, leads.Count);
        var ids = leads.Select(l => l.Text("id")).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(leads, lead =>
        {
            Assert.Equal(7, Guid.Parse(lead.Text("id")).Version);
            var payload = lead.GetProperty("payload");
            Assert.Equal(lead.Text("first_name"), payload.Text("firstName"));
            Assert.Equal(lead.Text("last_name"), payload.Text("lastName"));
            Assert.Equal(lead.OptionalText("email"), payload.OptionalText("email"));
            Assert.Equal(lead.OptionalText("company_name"), payload.OptionalText("companyName"));
            if (lead.Has("job_title"))
            {
                Assert.Equal(lead.Text("job_title"), payload.Text("jobTitle"));
            }

            Assert.True(payload.Has("leadScore"));
            Assert.Equal(lead.Has("campaign"), !lead.Has("list_id"));
        });
        // Times in UUIDv7 ids follow timestamp_created.
        var created = leads.Select(l => l.Text("timestamp_created")).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), created);
    }

    [Fact]
    public async Task Lead_status_summary_is_empty_until_the_first_send_then_names_the_last_step()
    {
        var leads = await FakeApiHttp.ReadAllLeadsAsync(_client);

        var untouched = leads.First(l => !l.Has("timestamp_last_contact"));
        Assert.Equal("{}", untouched.GetProperty("status_summary").GetRawText());
        var contacted = leads.First(l => l.Has("timestamp_last_contact"));
        var lastStep = contacted.GetProperty("status_summary").GetProperty("lastStep");
        Assert.Matches(@"^0_\d+_\d+$", lastStep.Text("stepID"));
        Assert.Equal(contacted.Text("timestamp_last_contact"), lastStep.Text("timestamp_executed"));
        Assert.DoesNotContain(leads, l => l.Has("lt_interest_status") && l.GetProperty("lt_interest_status").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Leads_list_filters_by_campaign()
    {
        var campaign = (await FakeApiHttp.ReadAllAsync(_client, "campaigns"))[1].Text("id");

        var leads = await FakeApiHttp.ReadAllLeadsAsync(_client, campaign);

        Assert.NotEmpty(leads);
        Assert.All(leads, l => Assert.Equal(campaign, l.Text("campaign")));
    }

    [Fact]
    public async Task Leads_list_with_in_campaign_false_returns_exactly_the_leads_outside_every_campaign()
    {
        var all = await FakeApiHttp.ReadAllLeadsAsync(_client);
        var outside = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var body = new Dictionary<string, object> { ["limit"] = 100, ["in_campaign"] = false };
            if (cursor is not null)
            {
                body["starting_after"] = cursor;
            }

            var (status, page) = await FakeApiHttp.PostJsonAsync(_client, "leads/list", body);
            Assert.Equal(HttpStatusCode.OK, status);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            outside.AddRange(items);
            cursor = items.Count > 0 && page.TryGetProperty("next_starting_after", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.NotEmpty(outside);
        Assert.Equal(
            all.Where(l => !l.Has("campaign")).Select(l => l.Text("id")),
            outside.Select(l => l.Text("id")));
    }

    [Fact]
    public async Task Leads_list_refuses_an_in_campaign_that_is_not_a_boolean()
    {
        var (status, body) = await FakeApiHttp.PostJsonAsync(_client, "leads/list", new Dictionary<string, object> { ["in_campaign"] = "no" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("in_campaign", body.Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emails_and_leads_agree_with_campaigns_and_accounts()
    {
        var campaigns = (await FakeApiHttp.ReadAllAsync(_client, "campaigns")).ToDictionary(c => c.Text("id"));
        var accounts = (await FakeApiHttp.ReadAllAsync(_client, "accounts")).Select(a => a.Text("email")).ToHashSet();
        var leads = (await FakeApiHttp.ReadAllLeadsAsync(_client)).ToDictionary(l => l.Text("id"));
        var emails = await FakeApiHttp.ReadAllAsync(_client, "emails");

        Assert.All(emails, email =>
        {
            var lead = leads[email.Text("lead_id")];
            // The address mail went to: the lead's, without the spaces and capitals some uploads add.
            Assert.Equal(lead.Text("email").Trim().ToLowerInvariant(), email.Text("lead"));
            var campaign = campaigns[lead.Text("campaign")];
            Assert.Contains(email.Text("eaccount"), accounts);
            Assert.Contains(email.Text("eaccount"), campaign.GetProperty("email_list").EnumerateArray().Select(a => a.GetString()));
            if (email.Has("campaign_id"))
            {
                Assert.Equal(lead.Text("campaign"), email.Text("campaign_id"));
            }
        });
        foreach (var lead in leads.Values.Where(l => l.Has("campaign")))
        {
            var replies = emails.Count(e => e.Text("lead_id") == lead.Text("id") && e.GetProperty("ue_type").GetInt32() == 2);
            Assert.Equal(replies, lead.GetProperty("email_reply_count").GetInt32());
        }
    }

    [Fact]
    public async Task No_list_item_carries_a_null_value()
    {
        var everything = (await FakeApiHttp.ReadAllAsync(_client, "campaigns"))
            .Concat(await FakeApiHttp.ReadAllAsync(_client, "accounts"))
            .Concat(await FakeApiHttp.ReadAllAsync(_client, "emails"))
            .Concat(await FakeApiHttp.ReadAllLeadsAsync(_client));

        Assert.All(everything, item => Assert.False(HasNull(item), item.GetRawText()));
    }

    private static bool HasNull(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasNull(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasNull),
        _ => false,
    };
}
