using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;
using InstantlySync.Entities;

namespace InstantlySync.IntegrationTests.Storage;

public sealed class UpserterFailureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly Upserter _upserter = new(database.DataSource, "test-workspace", Serilog.Core.Logger.None);

    // Valid JSON that jsonb refuses: PostgreSQL text cannot hold U+0000.
    private const string NulBody = "Hi\\u0000there";

    [Fact]
    public async Task A_row_the_database_refuses_becomes_a_dead_letter_while_the_rest_of_the_batch_lands()
    {
        var batch = Guid.NewGuid();
        var ids = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid().ToString()).ToList();
        var rows = ids.Select((id, i) => Rows.Email(id, i == 4 ? NulBody : "Hello")).ToList();

        var result = await _upserter.UpsertAsync(Emails.Entity.Table, rows, batch, null, default);

        Assert.Equal((6, 0, 0, 1), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Equal(ids[4], Assert.Single(result.Failures).Row.KeyText);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var landed = await connection.QueryAsync<string>(
            "SELECT instantly_email_id FROM instantly_emails_raw WHERE instantly_email_id = ANY(@ids)", new { ids });
        Assert.Equal(ids.Where((_, i) => i != 4).Order(), landed.Order());
        var letter = await connection.QuerySingleAsync<(Guid Batch, string Entity, string Error, string PayloadType, string Payload)>(
            "SELECT batch_id, entity, error, jsonb_typeof(payload), payload #>> '{}' FROM sync_dead_letters WHERE record_key = @key",
            new { key = ids[4] });
        Assert.Equal((batch, "emails", "string"), (letter.Batch, letter.Entity, letter.PayloadType));
        Assert.Contains("22P05", letter.Error, StringComparison.Ordinal);
        Assert.Equal(rows[4].RawJson, letter.Payload);
    }

    [Fact]
    public async Task A_value_that_does_not_fit_its_column_is_a_dead_letter_with_the_raw_record()
    {
        var good = Guid.NewGuid().ToString();
        var bad = Guid.NewGuid().ToString();
        var overflowing = Rows.Campaign(bad, "Huge status");
        overflowing.Extracted[1] = 3_000_000_000L;

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(good, "Fine"), overflowing], Guid.NewGuid(), null, default);

        Assert.Equal((1, 0, 0, 1), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var payloadName = await connection.QuerySingleAsync<string>(
            "SELECT payload ->> 'name' FROM sync_dead_letters WHERE entity = 'campaigns' AND record_key = @bad", new { bad });
        Assert.Equal("Huge status", payloadName);
        Assert.Equal(1, await connection.QuerySingleAsync<int>(
            "SELECT count(*) FROM instantly_campaigns_raw WHERE instantly_campaign_id IN (@good, @bad)", new { good, bad }));
    }

    [Fact]
    public async Task A_row_that_breaks_a_constraint_of_the_raw_table_is_a_dead_letter()
    {
        var good = Guid.NewGuid().ToString();
        // The staging table has no constraints; the NOT NULL key fails only in the INSERT itself.
        var keyless = new RawRow([null], new object?[Campaigns.Entity.Table.Extracted.Count], """{"name":"no id"}""");

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(good, "Fine"), keyless], Guid.NewGuid(), null, default);

        Assert.Equal((1, 0, 0, 1), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Contains("23502", Assert.Single(result.Failures).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dead_letter_of_a_record_is_resolved_when_the_record_later_lands()
    {
        var id = Guid.NewGuid().ToString();
        var other = Guid.NewGuid().ToString();
        await _upserter.UpsertAsync(Emails.Entity.Table, [Rows.Email(id, NulBody), Rows.Email(other, "x")], Guid.NewGuid(), null, default);
        var fixedBatch = Guid.NewGuid();

        var result = await _upserter.UpsertAsync(Emails.Entity.Table, [Rows.Email(id, "Hi there")], fixedBatch, null, default);

        Assert.Equal((1, 0), (result.Inserted, result.Failed));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var letter = await connection.QuerySingleAsync<(DateTime? ResolvedAt, Guid? ResolvedBy)>(
            "SELECT resolved_at, resolved_by_batch_id FROM sync_dead_letters WHERE entity = 'emails' AND record_key = @id", new { id });
        Assert.NotNull(letter.ResolvedAt);
        Assert.Equal(fixedBatch, letter.ResolvedBy);
    }

    [Fact]
    public async Task Dead_letters_of_rows_with_composite_keys_are_resolved_by_the_same_key_text()
    {
        var campaign = Guid.NewGuid().ToString();
        var workspaceDay = DailyAnalytics.Entity.ToRow(new ApiItem(Rows.Json("""{"date":"2031-04-01","sent":1}"""), null));
        var campaignStep = Steps.Entity.ToRow(new ApiItem(Rows.Json("""{"step":"0","variant":null,"sent":1}"""), campaign));
        var deadLetters = new DeadLetters(database.DataSource, "test-workspace");
        await deadLetters.RecordAsync(new DeadLetter(null, "daily_analytics", workspaceDay.KeyText, null, "earlier failure", null), default);
        await deadLetters.RecordAsync(new DeadLetter(null, "steps", campaignStep.KeyText, null, "earlier failure", null), default);

        await _upserter.UpsertAsync(DailyAnalytics.Entity.Table, [workspaceDay], Guid.NewGuid(), null, default);
        await _upserter.UpsertAsync(Steps.Entity.Table, [campaignStep], Guid.NewGuid(), null, default);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var open = await connection.QuerySingleAsync<int>(
            "SELECT count(*) FROM sync_dead_letters WHERE record_key IN (@day, @step) AND resolved_at IS NULL",
            new { day = workspaceDay.KeyText, step = campaignStep.KeyText });
        Assert.Equal(("2031-04-01|", $"{campaign}|0|"), (workspaceDay.KeyText, campaignStep.KeyText));
        Assert.Equal(0, open);
    }

    [Fact]
    public async Task The_checkpoint_commits_in_the_same_transaction_as_the_rows()
    {
        var id = Guid.NewGuid().ToString();
        var entity = $"test_{Guid.NewGuid():N}";

        await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(id, "Checkpointed")], Guid.NewGuid(),
            (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sync_state (workspace_id, entity, watermark) VALUES ('test-workspace', @entity, now())", new { entity }, transaction, cancellationToken: token)),
            default);

        await using var check = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await check.QuerySingleAsync<int>("SELECT count(*) FROM sync_state WHERE entity = @entity", new { entity }));
        Assert.Equal(1, await check.QuerySingleAsync<int>("SELECT count(*) FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task A_failing_checkpoint_leaves_none_of_the_batch_behind()
    {
        var id = Guid.NewGuid().ToString();
        var bad = Guid.NewGuid().ToString();
        var entity = $"test_{Guid.NewGuid():N}";

        await Assert.ThrowsAsync<InvalidOperationException>(() => _upserter.UpsertAsync(Emails.Entity.Table,
            [Rows.Email(id, "Hello"), Rows.Email(bad, NulBody)], Guid.NewGuid(),
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO sync_state (workspace_id, entity, watermark) VALUES ('test-workspace', @entity, now())", new { entity }, transaction, cancellationToken: token));
                throw new InvalidOperationException("watermark store unavailable");
            },
            default));

        await using var check = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await check.QuerySingleAsync<int>("SELECT count(*) FROM sync_state WHERE entity = @entity", new { entity }));
        Assert.Equal(0, await check.QuerySingleAsync<int>(
            "SELECT count(*) FROM instantly_emails_raw WHERE instantly_email_id IN (@id, @bad)", new { id, bad }));
        Assert.Equal(0, await check.QuerySingleAsync<int>("SELECT count(*) FROM sync_dead_letters WHERE record_key = @bad", new { bad }));
    }
}
