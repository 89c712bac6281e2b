using System.Net;
using System.Text;
using System.Text.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>
/// The fake's write side behaves as instantly-api-v2-write.md records the API: bulk add's counters
/// and created_leads by index, the quota, the bulk delete (and its hazard without a limit), the
/// empty-body 400, the block list, and the list filters a drain uses.
/// </summary>
public sealed class WriteSideTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private FakeInstantly _fake = null!;
    private HttpClient _client = null!;
    private string _campaign = "";
    private string _other = "";

    public async Task InitializeAsync()
    {
        _fake = await FakeInstantly.StartAsync(FakeApiHttp.Small() with { UploadedContactsLimit = 400 });
        _client = FakeApiHttp.Client(_fake);
        var campaigns = await FakeApiHttp.ReadAllAsync(_client, "campaigns");
        (_campaign, _other) = (campaigns[0].Text("id"), campaigns[1].Text("id"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Bulk_add_creates_new_leads_and_counts_every_other_one_by_reason()
    {
        var existing = (await LeadsAsync(_other)).Select(l => l.OptionalText("email")).First(e => !string.IsNullOrWhiteSpace(e))!.Trim();
        await PostAsync("block-lists-entries/bulk-create", new { bl_values = new[] { "blocked@nope.example", "banned.example" } });

        var (status, body) = await PostAsync("leads/add", new
        {
            campaign_id = _campaign,
            skip_if_in_workspace = true,
            leads = new object[]
            {
                new { email = "New.Person@Fresh.example", first_name = "New", custom_variables = new { revenue = "1.2M" } },
                new { email = "not an email" },
                new { email = "new.person@fresh.example" },
                new { email = "blocked@nope.example" },
                new { email = "someone@banned.example" },
                new { email = $"  {existing.ToUpperInvariant()} " },
                new { email = "second@fresh.example", company_name = "Fresh BV" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((7, 2, 1, 1, 2, 1), (body.GetProperty("total_sent").GetInt32(), body.GetProperty("leads_uploaded").GetInt32(),
            body.GetProperty("invalid_email_count").GetInt32(), body.GetProperty("duplicate_email_count").GetInt32(),
            body.GetProperty("in_blocklist").GetInt32(), body.GetProperty("skipped_count").GetInt32()));
        var created = body.GetProperty("created_leads").EnumerateArray().Select(c => (c.GetProperty("index").GetInt32(), c.Text("email"))).ToList();
        Assert.Equal([(0, "New.Person@Fresh.example"), (6, "second@fresh.example")], created);

        // The new lead is listed in its campaign with what was sent, custom variables in its payload.
        var lead = (await LeadsAsync(_campaign)).Single(l => l.OptionalText("email") == "New.Person@Fresh.example");
        Assert.Equal(("New", "fresh.example", 1), (lead.Text("first_name"), lead.Text("company_domain"), lead.GetProperty("status").GetInt32()));
        Assert.Equal("1.2M", lead.GetProperty("payload").GetProperty("revenue").GetString());
    }

    [Fact]
    public async Task Adding_the_same_lead_again_is_a_duplicate_and_the_plan_quota_caps_uploads()
    {
        var (_, first) = await PostAsync("leads/add", new { campaign_id = _campaign, leads = new[] { new { email = "once@fresh.example" } } });
        var remaining = first.GetProperty("remaining_in_plan").GetInt32();
        var (_, again) = await PostAsync("leads/add", new { campaign_id = _campaign, leads = new[] { new { email = "once@fresh.example" } } });

        Assert.Equal((0, 1, remaining), (again.GetProperty("leads_uploaded").GetInt32(), again.GetProperty("duplicated_leads").GetInt32(),
            again.GetProperty("remaining_in_plan").GetInt32()));

        var more = Enumerable.Range(0, remaining + 3).Select(i => new { email = $"bulk{i}@fresh.example" }).ToArray();
        var (_, capped) = await PostAsync("leads/add", new { campaign_id = _campaign, leads = more });
        Assert.Equal((remaining, 3, 0), (capped.GetProperty("leads_uploaded").GetInt32(), capped.GetProperty("skipped_count").GetInt32(),
            capped.GetProperty("remaining_in_plan").GetInt32()));
    }

    [Fact]
    public async Task Bulk_delete_takes_the_listed_ids_up_to_the_limit_and_everything_without_one()
    {
        var leads = await LeadsAsync(_campaign);
        var ids = leads.Take(3).Select(l => l.Text("id")).ToArray();

        var (status, body) = await SendAsync(HttpMethod.Delete, "leads", new { campaign_id = _campaign, ids, limit = 2 });

        Assert.Equal((HttpStatusCode.OK, 2), (status, body.GetProperty("count").GetInt32()));
        Assert.Equal(leads.Count - 2, (await LeadsAsync(_campaign)).Count);

        // The hazard the push never sends: no ids and no limit empties the campaign.
        var (_, all) = await SendAsync(HttpMethod.Delete, "leads", new { campaign_id = _other });
        Assert.True(all.GetProperty("count").GetInt32() > 0);
        Assert.Empty(await LeadsAsync(_other));
    }

    [Fact]
    public async Task A_bodyless_delete_sent_as_json_is_refused_with_the_fastify_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "leads") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("FST_ERR_CTP_EMPTY_JSON_BODY", body.Text("code"));
    }

    [Fact]
    public async Task The_block_list_takes_new_values_once_and_a_list_filter_finds_leads_by_status()
    {
        var (_, first) = await PostAsync("block-lists-entries/bulk-create", new { bl_values = new[] { "A@Example.com", "example.org", "a@example.com", "nonsense" } });
        Assert.Equal((2, 2), (first.GetProperty("valid_count").GetInt32(), first.GetProperty("invalid_count").GetInt32()));
        Assert.Equal([("a@example.com", false), ("example.org", true)],
            first.GetProperty("items").EnumerateArray().Select(i => (i.Text("bl_value"), i.GetProperty("is_domain").GetBoolean())).ToList());

        var all = await LeadsAsync(_campaign);
        var completed = await LeadsAsync(_campaign, "FILTER_VAL_COMPLETED");
        Assert.Equal(all.Count(l => l.GetProperty("status").GetInt32() == 3), completed.Count);
        Assert.All(completed, l => Assert.Equal(3, l.GetProperty("status").GetInt32()));
        var (status, _) = await PostAsync("leads/list", new { campaign = _campaign, filter = "FILTER_VAL_FINISHED" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_single_create_makes_one_lead_and_a_skipped_one_answers_200_without_an_id()
    {
        var (status, lead) = await PostAsync("leads", new { campaign = _campaign, email = "solo@fresh.example", first_name = "Solo", skip_if_in_workspace = true });
        var (againStatus, again) = await PostAsync("leads", new { campaign = _campaign, email = "Solo@Fresh.example", skip_if_in_workspace = true });
        var (wrongStatus, _) = await PostAsync("leads", new { campaign_id = _campaign, email = "wrong@fresh.example" });

        Assert.Equal((HttpStatusCode.OK, "Solo", _campaign), (status, lead.Text("first_name"), lead.Text("campaign")));
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.False(again.TryGetProperty("id", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Single(await LeadsAsync(_campaign), l => l.OptionalText("email") == "solo@fresh.example");
    }

    [Fact]
    public async Task A_single_delete_answers_the_deleted_lead_then_404_and_contacts_find_leads_by_address()
    {
        var lead = (await LeadsAsync(_campaign)).First(l => !string.IsNullOrWhiteSpace(l.OptionalText("email")));
        var email = lead.Text("email").Trim();
        var (_, found) = await PostAsync("leads/list", new { contacts = new[] { $" {email.ToUpperInvariant()} " } });
        Assert.Contains(found.GetProperty("items").EnumerateArray(), l => l.Text("id") == lead.Text("id"));

        using var first = await _client.DeleteAsync($"leads/{lead.Text("id")}");
        var deleted = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        using var second = await _client.DeleteAsync($"leads/{lead.Text("id")}");

        Assert.Equal((HttpStatusCode.OK, lead.Text("id")), (first.StatusCode, deleted.Text("id")));
        Assert.False(deleted.TryGetProperty("success", out _));
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.DoesNotContain(await LeadsAsync(_campaign), l => l.Text("id") == lead.Text("id"));
    }

    private async Task<List<JsonElement>> LeadsAsync(string campaign, string? filter = null)
    {
        var leads = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var (_, page) = await PostAsync("leads/list", filter is null
                ? new { campaign, limit = 100, starting_after = cursor } as object
                : new { campaign, limit = 100, starting_after = cursor, filter });
            leads.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("next_starting_after", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return leads;
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, WithoutNulls), Encoding.UTF8, "application/json"),
        };
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
