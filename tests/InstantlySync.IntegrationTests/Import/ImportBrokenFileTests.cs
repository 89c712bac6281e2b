using System.Text.Json.Nodes;
using InstantlySync.Cli;

namespace InstantlySync.IntegrationTests.Import;

public sealed class ImportBrokenFileTests : IAsyncLifetime
{
    private const string FirstCampaign = "9b6f458e-6dc5-4762-83d5-a528aedd2235";

    private readonly ImportRun _run = new();

    public Task InitializeAsync() => _run.InitializeAsync();

    public Task DisposeAsync() => _run.DisposeAsync();

    /// <summary>The sample with one key broken, placed last so every valid section comes before it.</summary>
    private static string Broken(string key, JsonNode? value)
    {
        var snapshot = ImportRun.Sample();
        snapshot.Remove(key);
        snapshot[key] = value;
        return snapshot.ToJsonString();
    }

    public static TheoryData<string, string, string> BrokenDocuments => new()
    {
        { "not JSON", """{ "accounts": [ { "email": "a@b.example" }, """, "is not valid JSON (line 1" },
        { "top level array", """[ { "email": "a@b.example" } ]""", "the top level is a JSON array" },
        { "top level string", "\"campaigns_overview\"", "the top level is a JSON string" },
        { "no known key", """{ "leads": [] }""", "none of the snapshot keys is present" },
        { "duplicate key", """{ "accounts": [], "accounts": [] }""", "the key \"accounts\" appears twice" },
        { "list key holding a string", Broken("accounts", "abc"), "accounts is a JSON string; an array or an { \"items\": [...] } envelope was expected" },
        { "envelope items not an array", Broken("emails_sample", new JsonObject { ["items"] = new JsonObject() }), "emails_sample: \"items\" is a JSON object; an array was expected" },
        { "per-campaign key holding a number", Broken("daily_analytics_by_campaign", 12), "daily_analytics_by_campaign is a JSON number" },
        { "per-campaign value not a list", Broken("steps_analytics", new JsonObject { [FirstCampaign] = 5 }), $"steps_analytics[\"{FirstCampaign}\"] is a JSON number" },
        { "empty campaign id", Broken("steps_analytics", new JsonObject { [""] = new JsonArray() }), "steps_analytics has an empty campaign id as a key" },
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public async Task A_file_broken_as_a_whole_exits_2_with_one_line_and_writes_nothing(string name, string text, string reason)
    {
        var path = _run.Write(text, name.Replace(' ', '-') + ".json");

        var result = await _run.ImportAsync(path);

        Assert.Equal(ExitCodes.InvalidUsage, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"instantly-sync: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.All(await _run.RowCountsAsync(), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_it()
    {
        var result = await _run.ImportAsync("does-not-exist.json");

        Assert.Equal(ExitCodes.InvalidUsage, result.ExitCode);
        Assert.Equal("instantly-sync: does-not-exist.json: file not found", result.Error.Trim());
    }

    [Fact]
    public async Task Import_without_a_file_argument_is_a_usage_error()
    {
        var result = await InstantlySync.IntegrationTests.Infrastructure.CliRun.RunAsync(_run.Environment(), ["import"]);

        Assert.Equal(ExitCodes.InvalidUsage, result.ExitCode);
    }

    [Fact]
    public async Task Records_without_keys_become_dead_letters_while_the_rest_lands_and_the_import_exits_1()
    {
        var snapshot = ImportRun.Sample();
        snapshot["accounts"]!["items"]!.AsArray().Add(new JsonObject { ["first_name"] = "No", ["last_name"] = "Email" });
        snapshot["emails_sample"]!["items"]!.AsArray().Add(new JsonObject { ["subject"] = "no id" });
        snapshot["emails_sample"]!["items"]!.AsArray().Add(42);
        snapshot["campaigns_overview"]!["items"]!.AsArray().Add(new JsonObject { ["name"] = "no id" });
        snapshot["daily_analytics_all"]!.AsArray().Add(new JsonObject { ["sent"] = 3 });
        snapshot["campaigns_with_real_metrics"]!.AsArray().Add(new JsonObject { ["campaign_id"] = "0b8e2c5a-0000-4000-8000-000000000000", ["leads_count"] = 3 });
        Some.Flattened(snapshot);
        snapshot["steps_analytics"]!.AsArray()[0]!.AsObject().Remove("campaign_id");

        var result = await _run.ImportAsync(snapshot);

        Assert.True(result.ExitCode == ExitCodes.PartialFailure, result.All);
        var counts = await _run.RowCountsAsync();
        Assert.Equal(7, counts["sync_dead_letters"]);
        Assert.Equal(10, counts["instantly_accounts_raw"]);
        Assert.Equal(30, counts["instantly_emails_raw"]);
        Assert.Equal(4, counts["instantly_campaigns_raw"]);
        Assert.Equal(53, counts["instantly_daily_analytics_raw"]);
        Assert.Equal(14, counts["instantly_steps_raw"]);
        Assert.Equal("partial", await _run.ScalarAsync<string>("SELECT status FROM sync_batches"));
        Assert.Equal(2, await _run.ScalarAsync<long>("SELECT count(*) FROM sync_dead_letters WHERE entity = 'emails'"));
        Assert.Contains("0b8e2c5a-0000-4000-8000-000000000000",
            await _run.ScalarAsync<string>("SELECT record_key FROM sync_dead_letters WHERE entity = 'campaigns' AND record_key IS NOT NULL"), StringComparison.Ordinal);
        Assert.Matches(@"instantly_accounts_raw\s+11\s+10\s+0\s+0\s+1\s+partial", result.Out);
        Assert.Contains("sync_dead_letters", result.Out, StringComparison.Ordinal);
    }
}
