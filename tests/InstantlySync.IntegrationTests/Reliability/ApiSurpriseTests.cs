using System.Collections.Concurrent;
using Dapper;
using Microsoft.AspNetCore.Http;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// Responses the fake would never send, from a stub serving a one-campaign workspace: a record
/// the sync cannot store becomes a dead letter (exit 1) while the rest lands; a record that is
/// merely odd is stored as sent. A dead-lettered record that later arrives intact lands once and
/// resolves its letter.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class ApiSurpriseTests(ReliabilityReport report, PostgresDatabase database) : IAsyncLifetime, IClassFixture<PostgresDatabase>
{
    private const string Huge = "{huge}";
    private static readonly string Day = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd");

    private readonly PostgresDatabase _database = database;
    private readonly ConcurrentDictionary<string, string> _bodies = new(StringComparer.Ordinal);
    private StubApi _stub = null!;
    private string _logs = null!;

    public async Task InitializeAsync()
    {
        await ReliabilityChecks.ResetAsync(_database.DataSource);
        _bodies["/workspaces/current"] = """{"id":"0a1b2c3d-stub-workspace","name":"Stub workspace"}""";
        _bodies["/campaigns"] = $$"""{"items":[{"id":"c-1","name":"Spring","status":1,"timestamp_created":"{{Day}}T08:00:00.000Z"}]}""";
        _bodies["/campaigns/analytics"] = """[{"campaign_id":"c-1","campaign_name":"Spring","emails_sent_count":3}]""";
        _bodies["/accounts"] = """{"items":[{"email":"sender@example.com","status":1,"warmup_status":1}]}""";
        _bodies["/campaigns/analytics/daily"] = $$"""[{"date":"{{Day}}","sent":3,"opened":1}]""";
        _bodies["/campaigns/analytics/steps"] = """[{"step":"0","variant":"0","sent":3}]""";
        _bodies["/emails"] = $$"""{"items":[{"id":"e-1","timestamp_created":"{{Day}}T09:00:00.000Z","ue_type":1},{"id":"e-2","timestamp_created":"{{Day}}T10:00:00.000Z","ue_type":2}]}""";
        _bodies["/leads/list"] = """{"items":[{"id":"l-1","email":"one@example.com"},{"id":"l-2","email":"two@example.com"}]}""";
        _stub = await StubApi.StartAsync(async context =>
        {
            var path = context.Request.Path.Value![StubPrefix.Length..];
            if (path == "/leads/list" && await ListsOneCampaignAsync(context))
            {
                // Leads are listed per campaign and once outside every campaign; the crafted
                // page stands for the latter, so each record is served exactly once.
                await StubApi.JsonAsync(context, """{"items":[]}""");
                return;
            }

            await (_bodies.TryGetValue(path, out var body)
                ? StubApi.JsonAsync(context, body.Replace(Huge, new string('x', 5 * 1024 * 1024), StringComparison.Ordinal))
                : StubApi.JsonAsync(context, """{"message":"Not found"}""", 404));
        });
        _logs = Directory.CreateTempSubdirectory("isync-logs-").FullName;
    }

    private const string StubPrefix = "/api/v2";

    private static async Task<bool> ListsOneCampaignAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        return body.Contains("\"campaign\":", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    [Theory]
    [InlineData("a lead without its key", "/leads/list", """{"items":[{"email":"nokey@example.com"},{"id":"l-2"}]}""", 1, "leads", "l-2", 1)]
    [InlineData("a lead whose key is a number", "/leads/list", """{"items":[{"id":42},{"id":"l-2"}]}""", 1, "leads", "l-2", 1)]
    [InlineData("items that are not objects", "/leads/list", """{"items":[17,"text",null,{"id":"l-2"}]}""", 1, "leads", "l-2", 3)]
    [InlineData("a NUL character the database refuses", "/leads/list", """{"items":[{"id":"l-1","first_name":"a\u0000b"},{"id":"l-2"}]}""", 1, "leads", "l-2", 1)]
    [InlineData("a string where a number belongs", "/leads/list", """{"items":[{"id":"l-1","status":"active","email_reply_count":"lots"}]}""", 0, "leads", "l-1", 0)]
    [InlineData("a new unknown field", "/leads/list", """{"items":[{"id":"l-1","brand_new_field":{"nested":[1,2]}}]}""", 0, "leads", "l-1", 0)]
    [InlineData("null everywhere optional", "/leads/list", """{"items":[{"id":"l-1","email":null,"first_name":null,"last_name":null,"status":null,"campaign":null,"timestamp_updated":null,"status_summary":null,"email_reply_count":null}]}""", 0, "leads", "l-1", 0)]
    [InlineData("an enormous field (5 MB string)", "/leads/list", """{"items":[{"id":"l-1","notes":"{huge}"},{"id":"l-2"}]}""", 0, "leads", "l-1,l-2", 0)]
    [InlineData("the same key twice in one page", "/leads/list", """{"items":[{"id":"l-1","first_name":"A"},{"id":"l-1","first_name":"B"}]}""", 0, "leads", "l-1", 0)]
    [InlineData("an account with an empty key", "/accounts", """{"items":[{"email":""},{"email":"sender@example.com"}]}""", 1, "accounts", "sender@example.com", 1)]
    [InlineData("an email without timestamp_created", "/emails", """{"items":[{"id":"e-9","ue_type":1}]}""", 0, "emails", "e-9", 0)]
    [InlineData("a daily row without its date", "/campaigns/analytics/daily", """[{"sent":1},{"date":"2020-01-01T00:00:00.000Z","sent":2}]""", 1, "daily_analytics", "2020-01-01,2020-01-01", 2)]
    [InlineData("a step row whose step is an object", "/campaigns/analytics/steps", """[{"step":{"n":0},"variant":"0"},{"step":"1","variant":"0","sent":1}]""", 1, "steps", "1", 1)]
    [InlineData("a page body that is not JSON", "/emails", "<html>Bad gateway</html>", 1, "emails", "", 1)]
    [InlineData("a page whose items is not an array", "/accounts", """{"items":{"email":"sender@example.com"}}""", 1, "accounts", "", 1)]
    [InlineData("an analytics body that is an object, not an array", "/campaigns/analytics/steps", """{"step":"0"}""", 1, "steps", "", 1)]
    public async Task A_surprising_response_leaves_the_database_correctly_partial(
        string scenario, string path, string body, int exitCode, string entity, string storedKeys, int deadLetters)
    {
        _bodies[path] = body;

        var result = await SyncAsync();

        Assert.True(result.ExitCode == exitCode, result.All);
        var expected = storedKeys.Split(',', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        Assert.Equal(expected, await KeysAsync(entity));
        Assert.Equal(deadLetters, await DeadLetterCountAsync(entity));
        // Every other entity landed whole.
        foreach (var (other, keys) in DefaultKeys.Where(d => d.Key != entity))
        {
            Assert.Equal(keys, await KeysAsync(other));
        }

        Assert.Equal(0, await DeadLetterCountAsync(null) - deadLetters);
        report.Record(new ScenarioResult(ReliabilityGroups.ApiSurprises, scenario, 1, 0, 0, [result.ExitCode], true,
            $"{entity}: {(expected.Count == 0 ? "none" : string.Join(", ", expected))} stored, {deadLetters} dead letter(s)"));
    }

    [Fact]
    public async Task Odd_values_are_stored_as_sent_with_null_columns()
    {
        _bodies["/leads/list"] = """{"items":[{"id":"l-1","status":"active","email":null,"brand_new_field":[1,{"a":null}],"notes":"{huge}"}]}""";

        var result = await SyncAsync();

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(int? LeadStatus, string? Email, string Status, string NewField, int NotesLength)>(
            """
            SELECT lead_status, email, raw_json->>'status', raw_json->>'brand_new_field', length(raw_json->>'notes')
              FROM instantly_leads_raw WHERE instantly_lead_id = 'l-1'
            """);
        Assert.Null(row.LeadStatus);
        Assert.Null(row.Email);
        Assert.Equal("active", row.Status);
        Assert.Equal("""[1, {"a": null}]""", row.NewField);
        Assert.Equal(5 * 1024 * 1024, row.NotesLength);
        report.Record(new ScenarioResult(ReliabilityGroups.ApiSurprises, "odd values kept in raw_json, NULL in the columns", 1, 0, 0, [result.ExitCode], true,
            "string status, null email, unknown array field and a 5 MB string stored as sent"));
    }

    [Fact]
    public async Task A_dead_lettered_record_that_later_arrives_intact_lands_once_and_resolves_its_letter()
    {
        const string Broken = """{"items":[{"id":"l-1","first_name":"a\u0000b"},{"id":"l-2"}]}""";
        var exits = new List<int>();
        _bodies["/leads/list"] = Broken;

        exits.Add((await SyncAsync()).ExitCode);
        exits.Add((await SyncAsync()).ExitCode);
        var batches = await ReliabilityChecks.BatchesAsync(_database.DataSource);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var letter = await connection.QuerySingleAsync<(Guid BatchId, string Error, string Payload, int RetryCount)>(
            "SELECT batch_id, error, payload::text, retry_count FROM sync_dead_letters WHERE entity = 'leads' AND record_key = 'l-1'");
        Assert.Equal([ExitCodes.PartialFailure, ExitCodes.PartialFailure], exits);
        Assert.Equal(batches[^1].Id, letter.BatchId);
        Assert.Equal(1, letter.RetryCount);
        Assert.Contains("l-1", letter.Payload, StringComparison.Ordinal);
        Assert.NotEmpty(letter.Error);

        _bodies["/leads/list"] = """{"items":[{"id":"l-1","first_name":"ab"},{"id":"l-2"}]}""";
        exits.Add((await SyncAsync()).ExitCode);
        exits.Add((await SyncAsync()).ExitCode);

        Assert.Equal([ExitCodes.Success, ExitCodes.Success], exits[2..]);
        batches = await ReliabilityChecks.BatchesAsync(_database.DataSource);
        var resolved = await connection.QuerySingleAsync<(DateTime? ResolvedAt, Guid? ResolvedBy)>(
            "SELECT resolved_at, resolved_by_batch_id FROM sync_dead_letters WHERE entity = 'leads' AND record_key = 'l-1'");
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal(batches[2].Id, resolved.ResolvedBy);
        Assert.Equal(["l-1", "l-2"], await KeysAsync("leads"));
        Assert.Equal("ab", await connection.ExecuteScalarAsync<string>("SELECT first_name FROM instantly_leads_raw WHERE instantly_lead_id = 'l-1'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sync_dead_letters"));
        report.Record(new ScenarioResult(ReliabilityGroups.DeadLetters, "record refused twice, then sent intact", 4, 0, 0, exits.Distinct().ToList(), true,
            "one open letter (retry count 1) with batch, key, error and payload; resolved by the run that stored the record; stored once"));
    }

    private static readonly Dictionary<string, List<string>> DefaultKeys = new()
    {
        ["campaigns"] = ["c-1"],
        ["accounts"] = ["sender@example.com"],
        ["daily_analytics"] = [Day, Day],
        ["steps"] = ["0"],
        ["emails"] = ["e-1", "e-2"],
        ["leads"] = ["l-1", "l-2"],
    };

    private async Task<List<string>> KeysAsync(string entity)
    {
        var sql = entity switch
        {
            "campaigns" => "SELECT instantly_campaign_id FROM instantly_campaigns_raw",
            "accounts" => "SELECT email FROM instantly_accounts_raw",
            // The workspace series and the campaign's: one row per day each.
            "daily_analytics" => "SELECT to_char(analytics_date, 'YYYY-MM-DD') FROM instantly_daily_analytics_raw",
            "steps" => "SELECT step FROM instantly_steps_raw",
            "emails" => "SELECT instantly_email_id FROM instantly_emails_raw",
            _ => "SELECT instantly_lead_id FROM instantly_leads_raw",
        };
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(sql)).Order().ToList();
    }

    private async Task<long> DeadLetterCountAsync(string? entity)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sync_dead_letters WHERE @entity IS NULL OR entity = @entity", new { entity });
    }

    private Task<CliResult> SyncAsync() => CliRun.RunAsync(new Dictionary<string, string?>
    {
        ["INSTANTLY_API_KEY"] = "stub-key",
        ["DATABASE_URL"] = _database.Url,
        ["INSTANTLY_SYNC__Instantly__BaseUrl"] = _stub.BaseUrl,
        ["INSTANTLY_SYNC__Logging__Directory"] = _logs,
        ["INSTANTLY_SYNC__Instantly__MaxRetries"] = "0",
    }, ["sync", "--all", "--batch-size", "20"]);
}
