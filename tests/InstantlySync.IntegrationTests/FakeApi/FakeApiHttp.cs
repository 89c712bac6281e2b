using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>Plain HttpClient helpers for talking to the fake the way the sync does.</summary>
internal static class FakeApiHttp
{
    /// <summary>A fixed business clock, so expectations about dates do not depend on when tests run.</summary>
    public static readonly DateTimeOffset Clock = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);

    public static FakeOptions Small(int seed = 7, FakeFaults? faults = null) => new()
    {
        Seed = seed,
        Campaigns = 7,
        Accounts = 6,
        Leads = 300,
        Emails = 500,
        Days = 20,
        Now = Clock,
        Faults = faults ?? new FakeFaults { RateLimits = false },
    };

    public static HttpClient Client(FakeInstantly fake, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(fake.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? fake.ApiKey);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("InstantlySync.Tests/1.0");
        return client;
    }

    /// <summary>A client for one workspace of the fake: its key, and <c>x-as-workspace</c> for a sub-workspace.</summary>
    public static HttpClient ClientFor(FakeInstantly fake, FakeWorkspace workspace)
    {
        var client = Client(fake, workspace.ApiKey);
        if (workspace.SubWorkspaceOf is not null)
        {
            client.DefaultRequestHeaders.Add("x-as-workspace", workspace.WorkspaceId);
        }

        return client;
    }

    public static HttpClient ControlClient(FakeInstantly fake) =>
        new() { BaseAddress = new Uri(fake.RootUrl + "/_control/"), Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(HttpClient client, string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> LeadsPageAsync(HttpClient client, int limit, string? startingAfter = null, string? campaign = null)
    {
        var body = new Dictionary<string, object> { ["limit"] = limit };
        if (startingAfter is not null)
        {
            body["starting_after"] = startingAfter;
        }

        if (campaign is not null)
        {
            body["campaign"] = campaign;
        }

        return PostJsonAsync(client, "leads/list", body);
    }

    /// <summary>Pages a GET list until an empty page or a missing cursor, like the sync's loop.</summary>
    public static async Task<List<JsonElement>> ReadAllAsync(HttpClient client, string path, int limit = 100)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 10_000; page++)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = $"{path}{separator}limit={limit}" + (cursor is null ? "" : $"&starting_after={Uri.EscapeDataString(cursor)}");
            var (status, body) = await GetJsonAsync(client, url);
            Assert.Equal(HttpStatusCode.OK, status);
            var pageItems = body.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(pageItems);
            if (pageItems.Count == 0 || !body.TryGetProperty("next_starting_after", out var next))
            {
                return items;
            }

            cursor = next.GetString();
        }

        throw new InvalidOperationException("Paging did not end.");
    }

    public static async Task<List<JsonElement>> ReadAllLeadsAsync(HttpClient client, string? campaign = null)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        while (true)
        {
            var (status, body) = await LeadsPageAsync(client, 100, cursor, campaign);
            Assert.Equal(HttpStatusCode.OK, status);
            var pageItems = body.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(pageItems);
            if (pageItems.Count == 0 || !body.TryGetProperty("next_starting_after", out var next))
            {
                return items;
            }

            cursor = next.GetString();
        }
    }

    /// <summary>A campaign that has sent emails (the first row of the lifetime campaign analytics).</summary>
    public static async Task<string> SendingCampaignAsync(HttpClient client)
    {
        var (_, rows) = await GetJsonAsync(client, "campaigns/analytics?start_date=2020-01-01&end_date=2030-01-01");
        return rows[0].Text("campaign_id");
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static bool Has(this JsonElement element, string name) => element.TryGetProperty(name, out _);

    /// <summary>A string property, or null when the item omits it (a lead without an email, say).</summary>
    public static string? OptionalText(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
