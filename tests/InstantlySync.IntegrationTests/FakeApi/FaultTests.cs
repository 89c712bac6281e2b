using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class FaultTests
{
    private static Task<FakeInstantly> StartAsync(FakeFaults faults) =>
        FakeInstantly.StartAsync(FakeApiHttp.Small(faults: faults with { RateLimits = false }));

    [Fact]
    public async Task Error_rate_one_answers_every_api_request_with_a_5xx_in_the_fastify_envelope()
    {
        await using var fake = await StartAsync(new FakeFaults { ErrorRate = 1 });
        using var client = FakeApiHttp.Client(fake);

        for (var i = 0; i < 10; i++)
        {
            var (status, body) = await FakeApiHttp.GetJsonAsync(client, "campaigns?limit=5");

            Assert.Contains((int)status, new[] { 500, 502, 503 });
            Assert.Equal((int)status, body.GetProperty("statusCode").GetInt32());
            Assert.True(body.Has("error") && body.Has("message"));
        }

        Assert.Equal(10, fake.Stats.Faults);
    }

    [Fact]
    public async Task Error_rate_hits_about_that_share_of_requests_and_the_same_ones_for_the_same_seed()
    {
        async Task<List<int>> RunAsync()
        {
            await using var fake = await StartAsync(new FakeFaults { ErrorRate = 0.3, ErrorStatuses = [503], Seed = 42 });
            using var client = FakeApiHttp.Client(fake);
            var statuses = new List<int>();
            for (var i = 0; i < 60; i++)
            {
                statuses.Add((int)(await FakeApiHttp.GetJsonAsync(client, "workspaces/current")).Status);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.InRange(first.Count(s => s == 503), 8, 30);
        Assert.All(first, s => Assert.Contains(s, new[] { 200, 503 }));
    }

    [Fact]
    public async Task Latency_and_latency_spikes_slow_api_responses_down()
    {
        await using var fake = await StartAsync(new FakeFaults { LatencyMs = 150 });
        using var client = FakeApiHttp.Client(fake);

        var stopwatch = Stopwatch.StartNew();
        await FakeApiHttp.GetJsonAsync(client, "workspaces/current");
        var withLatency = stopwatch.Elapsed;
        fake.UpdateFaults(f => f with { LatencyMs = 0, LatencySpikeProbability = 1, LatencySpikeMs = 300 });
        stopwatch.Restart();
        await FakeApiHttp.GetJsonAsync(client, "workspaces/current");
        var withSpike = stopwatch.Elapsed;

        Assert.True(withLatency >= TimeSpan.FromMilliseconds(140), $"took {withLatency}");
        Assert.True(withSpike >= TimeSpan.FromMilliseconds(290), $"took {withSpike}");
        Assert.Equal(1, fake.Stats.FaultsByKind["latency_spike"]);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_request_without_a_response()
    {
        await using var fake = await StartAsync(new FakeFaults { DropConnectionRate = 1 });
        using var client = FakeApiHttp.Client(fake);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("campaigns?limit=5"));
        Assert.Equal(1, fake.Stats.FaultsByKind["dropped_connection"]);
    }

    [Fact]
    public async Task A_truncated_body_is_a_200_with_half_a_json_document()
    {
        await using var fake = await StartAsync(new FakeFaults { TruncateRate = 1 });
        using var client = FakeApiHttp.Client(fake);
        var full = fake.Workspace.Campaigns().Values.Sum(c => Encoding.UTF8.GetByteCount(c));

        using var response = await client.GetAsync("campaigns?limit=100");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(text.Length, full / 3, full * 2 / 3);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task A_stuck_cursor_returns_the_given_cursor_again_with_the_same_items()
    {
        await using var fake = await StartAsync(new FakeFaults());
        using var client = FakeApiHttp.Client(fake);
        var (_, first) = await FakeApiHttp.LeadsPageAsync(client, 50);
        var cursor = first.Text("next_starting_after");
        var (_, normal) = await FakeApiHttp.LeadsPageAsync(client, 50, cursor);
        fake.UpdateFaults(f => f with { StuckCursorRate = 1 });

        var (_, stuck) = await FakeApiHttp.LeadsPageAsync(client, 50, cursor);
        var (_, again) = await FakeApiHttp.LeadsPageAsync(client, 50, stuck.Text("next_starting_after"));

        Assert.Equal(cursor, stuck.Text("next_starting_after"));
        Assert.Equal(normal.GetProperty("items").GetRawText(), stuck.GetProperty("items").GetRawText());
        Assert.Equal(stuck.GetRawText(), again.GetRawText());
        Assert.Equal(2, fake.Stats.FaultsByKind["stuck_cursor"]);
    }

    [Fact]
    public async Task Faults_never_apply_to_control_endpoints()
    {
        await using var fake = await StartAsync(new FakeFaults { ErrorRate = 1, DropConnectionRate = 1, TruncateRate = 1 });
        using var control = FakeApiHttp.ControlClient(fake);

        using var stats = await control.GetAsync("stats");
        using var advance = await control.PostAsync("advance?hours=1", null);

        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.OK, advance.StatusCode);
        Assert.Equal(JsonValueKind.Object, (await FakeApiHttp.ReadJsonAsync(stats)).ValueKind);
    }

    [Fact]
    public async Task Fault_switches_can_be_read_and_changed_over_http_at_run_time()
    {
        await using var fake = await StartAsync(new FakeFaults());
        using var client = FakeApiHttp.Client(fake);
        using var control = FakeApiHttp.ControlClient(fake);

        using var set = await control.PostAsync("faults", new StringContent("""{"error_rate":1,"error_statuses":[502]}"""));
        var (status, _) = await FakeApiHttp.GetJsonAsync(client, "workspaces/current");
        using var current = await control.GetAsync("faults");
        using var unknown = await control.PostAsync("faults", new StringContent("""{"eror_rate":1}"""));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(1, (await FakeApiHttp.ReadJsonAsync(current)).GetProperty("error_rate").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(1, fake.Faults.ErrorRate);
    }

    [Fact]
    public async Task Stats_count_requests_per_path_429s_and_faults()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small(faults: new FakeFaults { RateLimits = true }) with { EmailsRequestsPerMinute = 1 });
        using var client = FakeApiHttp.Client(fake);
        using var control = FakeApiHttp.ControlClient(fake);

        await FakeApiHttp.GetJsonAsync(client, "emails?limit=1");
        await FakeApiHttp.GetJsonAsync(client, "emails?limit=1");
        fake.UpdateFaults(f => f with { ErrorRate = 1 });
        await FakeApiHttp.LeadsPageAsync(client, 1);
        using var response = await control.GetAsync("stats");
        var stats = await FakeApiHttp.ReadJsonAsync(response);

        Assert.Equal(2, stats.GetProperty("requests_by_path").GetProperty("/api/v2/emails").GetInt32());
        Assert.Equal(1, stats.GetProperty("requests_by_path").GetProperty("/api/v2/leads/list").GetInt32());
        Assert.Equal(1, stats.GetProperty("rate_limited").GetInt32());
        Assert.Equal(1, stats.GetProperty("faults").GetInt32());
        Assert.Equal(3, fake.Stats.Requests);
    }
}
