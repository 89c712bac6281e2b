using System.Text.Json;
using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;
using InstantlySync.Entities;

namespace InstantlySync.IntegrationTests.Storage;

public sealed class UpserterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly Upserter _upserter = new(database.DataSource, "test-workspace", Serilog.Core.Logger.None);

    [Fact]
    public async Task New_rows_are_inserted_counted_and_stamped_with_the_batch()
    {
        var batch = Guid.NewGuid();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Select(id => Rows.Campaign(id, "Q3 founders – UK")).ToList(), batch, null, default);

        Assert.Equal((3, 0, 0, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string Id, string Name, int Status, int Leads, Guid Batch, string Json)>(
            "SELECT instantly_campaign_id, campaign_name, campaign_status, leads_count, sync_batch_id, raw_json::text FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids)",
            new { ids })).ToList();
        Assert.Equal(3, stored.Count);
        Assert.All(stored, row => Assert.Equal(("Q3 founders – UK", 1, 1500, batch), (row.Name, row.Status, row.Leads, row.Batch)));
        Assert.All(stored, row => Assert.Contains("\"emails_sent_count\": 5000", row.Json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resync_of_unchanged_rows_writes_no_new_row_versions()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        var first = Guid.NewGuid();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Select(id => Rows.Campaign(id, "Same")).ToList(), first, null, default);
        var before = await VersionsAsync(ids);

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Select(id => Rows.Campaign(id, "Same")).ToList(), Guid.NewGuid(), null, default);

        Assert.Equal((0, 0, 3, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        var after = await VersionsAsync(ids);
        // xmin changes with every new row version, so an equal xmin proves no tuple was written.
        Assert.Equal(before, after);
        Assert.All(after, row => Assert.Equal(first, row.Batch));
    }

    [Fact]
    public async Task A_changed_row_is_updated_with_merged_json_and_incoming_columns()
    {
        var id = Guid.NewGuid().ToString();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await _upserter.UpsertAsync(Campaigns.Entity.Table,
            [Campaigns.Entity.ToRow(new ApiItem(Rows.Json($$"""{"id":"{{id}}","name":"Old","status":1,"daily_limit":50,"pl_value":100}"""), Analytics: null))],
            first, null, default);
        var before = (await VersionsAsync([id])).Single();

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table,
            [Campaigns.Entity.ToRow(new ApiItem(Rows.Json($$"""{"id":"{{id}}","name":"New","status":2,"daily_limit":80,"text_only":true}"""), Analytics: null))],
            second, null, default);

        Assert.Equal((0, 1, 0), (result.Inserted, result.Updated, result.Unchanged));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Name, int Status, Guid Batch, DateTime UpdatedAt, string Json)>(
            "SELECT campaign_name, campaign_status, sync_batch_id, updated_at, raw_json::text FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id",
            new { id });
        Assert.Equal(("New", 2, second), (row.Name, row.Status, row.Batch));
        Assert.True(row.UpdatedAt > before.UpdatedAt);
        using var json = JsonDocument.Parse(row.Json);
        Assert.Equal("New", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(80, json.RootElement.GetProperty("daily_limit").GetInt32());
        Assert.Equal(100, json.RootElement.GetProperty("pl_value").GetInt32());
        Assert.True(json.RootElement.GetProperty("text_only").GetBoolean());
    }

    [Fact]
    public async Task A_mixed_batch_counts_new_changed_and_unchanged_rows_apart()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(ids[0], "Kept"), Rows.Campaign(ids[1], "Before")], Guid.NewGuid(), null, default);
        var kept = (await VersionsAsync([ids[0]])).Single();

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table,
            [Rows.Campaign(ids[0], "Kept"), Rows.Campaign(ids[1], "After"), Rows.Campaign(ids[2], "New")], Guid.NewGuid(), null, default);

        Assert.Equal((1, 1, 1, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Equal(kept, (await VersionsAsync([ids[0]])).Single());
    }

    [Fact]
    public async Task Duplicate_keys_in_one_batch_collapse_and_the_last_wins()
    {
        var id = Guid.NewGuid().ToString();

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table,
            [Rows.Campaign(id, "First"), Rows.Campaign(id, "Second"), Rows.Campaign(id, "Last")], Guid.NewGuid(), null, default);

        Assert.Equal((1, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal("Last", await connection.QuerySingleAsync<string>(
            "SELECT campaign_name FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task Workspace_daily_rows_without_a_campaign_are_one_row_per_day()
    {
        var campaign = Guid.NewGuid().ToString();
        var days = new[] { "2031-03-01", "2031-03-02" };
        RawRow Day(string date, string? campaignId, int sent)
            => DailyAnalytics.Entity.ToRow(new ApiItem(Rows.Json($$"""{"date":"{{date}}","sent":{{sent}},"opened":4}"""), campaignId));

        var first = await _upserter.UpsertAsync(DailyAnalytics.Entity.Table,
            [.. days.Select(d => Day(d, null, 10)), Day(days[0], campaign, 3), Day(days[0], null, 11)], Guid.NewGuid(), null, default);
        var second = await _upserter.UpsertAsync(DailyAnalytics.Entity.Table,
            [Day(days[0], null, 11), Day(days[1], null, 12), Day(days[0], campaign, 3)], Guid.NewGuid(), null, default);

        Assert.Equal((3, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 1, 2), (second.Inserted, second.Updated, second.Unchanged));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(DateTime Date, string? Campaign, int Sent)>(
            "SELECT analytics_date, instantly_campaign_id, sent FROM instantly_daily_analytics_raw WHERE analytics_date BETWEEN '2031-03-01' AND '2031-03-02' ORDER BY analytics_date, instantly_campaign_id NULLS FIRST")).ToList();
        Assert.Equal(
            [(new DateTime(2031, 3, 1), null, 11), (new DateTime(2031, 3, 1), campaign, 3), (new DateTime(2031, 3, 2), null, 12)],
            rows);
    }

    [Fact]
    public async Task Step_rows_with_a_null_step_or_variant_upsert_as_one_row_each()
    {
        var campaign = Guid.NewGuid().ToString();
        RawRow Step(string step, string variant, int sent)
            => Steps.Entity.ToRow(new ApiItem(Rows.Json($$"""{"step":{{step}},"variant":{{variant}},"sent":{{sent}}}"""), campaign));
        RawRow[] batch = [Step("null", "null", 5), Step("\"0\"", "null", 6), Step("\"0\"", "\"0\"", 7), Step("null", "null", 8)];

        var first = await _upserter.UpsertAsync(Steps.Entity.Table, batch, Guid.NewGuid(), null, default);
        var second = await _upserter.UpsertAsync(Steps.Entity.Table, batch, Guid.NewGuid(), null, default);

        Assert.Equal((3, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 3), (second.Inserted, second.Updated, second.Unchanged));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var sentByKey = (await connection.QueryAsync<(string? Step, string? Variant, int Sent)>(
            "SELECT step, variant, sent FROM instantly_steps_raw WHERE instantly_campaign_id = @campaign ORDER BY step NULLS FIRST, variant NULLS FIRST",
            new { campaign })).ToList();
        Assert.Equal([(null, null, 8), ("0", null, 6), ("0", "0", 7)], sentByKey);
    }

    private async Task<List<(string Xmin, Guid Batch, DateTime UpdatedAt)>> VersionsAsync(IReadOnlyList<string> ids)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, Guid, DateTime)>(
            "SELECT xmin::text, sync_batch_id, updated_at FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids) ORDER BY instantly_campaign_id",
            new { ids = ids.ToArray() })).ToList();
    }
}

/// <summary>Rows built from API-shaped JSON, the way the sync produces them.</summary>
internal static class Rows
{
    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static RawRow Campaign(string id, string name) => Campaigns.Entity.ToRow(new ApiItem(Json($$"""{"id":"{{id}}","name":"{{name}}","status":1,"timestamp_created":"2026-06-30T19:00:33.544Z","daily_limit":50}"""), Analytics: Json($$"""{"campaign_id":"{{id}}","campaign_name":"{{name}}","campaign_status":1,"leads_count":1500,"contacted_count":1200,"emails_sent_count":5000,"reply_count":300}""")));

    public static RawRow Email(string id, string body) => Emails.Entity.ToRow(Json($$"""
        { "id": "{{id}}", "timestamp_created": "2026-06-30T22:23:00.000Z", "timestamp_email": "2026-06-30T22:23:00.000Z",
          "subject": "Hello", "body": { "text": "{{body}}" }, "eaccount": "amir@zyndixhq.example",
          "campaign_id": "31691681-3722-4015-99d8-3cdbeabf14eb", "lead": "anna@firma.example", "ue_type": 1, "step": "0_0_0" }
        """));
}
