using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;
using InstantlySync.Entities;

namespace InstantlySync.IntegrationTests.Storage;

/// <summary>
/// The stored fingerprint (<c>raw_hash</c>, migration 0008) lets the upserter leave rows equal to
/// what was last written out of a batch entirely; rows without one still merge correctly.
/// </summary>
public sealed class UpserterFingerprintTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly Upserter _upserter = new(database.DataSource, "test-workspace", Serilog.Core.Logger.None);

    [Fact]
    public async Task A_resync_of_unchanged_rows_does_not_even_lock_them()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToList();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Select(id => Rows.Campaign(id, "Same")).ToList(), Guid.NewGuid(), null, default);

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Select(id => Rows.Campaign(id, "Same")).ToList(), Guid.NewGuid(), null, default);

        Assert.Equal((0, 0, 4, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        // ON CONFLICT DO UPDATE … WHERE false still locks the row, which stamps xmax on it.
        var locked = await connection.QuerySingleAsync<int>(
            "SELECT count(*) FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids) AND xmax <> '0'", new { ids });
        Assert.Equal(0, locked);
    }

    [Fact]
    public async Task Every_written_row_carries_the_fingerprint_of_what_was_written()
    {
        var id = Guid.NewGuid().ToString();
        var first = Rows.Campaign(id, "First");
        var second = Rows.Campaign(id, "Second");

        await _upserter.UpsertAsync(Campaigns.Entity.Table, [first], Guid.NewGuid(), null, default);
        var afterInsert = await HashAsync(id);
        await _upserter.UpsertAsync(Campaigns.Entity.Table, [second], Guid.NewGuid(), null, default);
        var afterUpdate = await HashAsync(id);

        Assert.Equal(RowHash.Compute(first), afterInsert);
        Assert.Equal(RowHash.Compute(second), afterUpdate);
    }

    [Fact]
    public async Task Rows_stored_without_a_fingerprint_are_compared_in_full_and_not_rewritten_when_equal()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        var firstBatch = Guid.NewGuid();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Select(id => Rows.Campaign(id, "Before 0008")).ToList(), firstBatch, null, default);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        // As rows written before migration 0008 are.
        await connection.ExecuteAsync("UPDATE instantly_campaigns_raw SET raw_hash = NULL WHERE instantly_campaign_id = ANY(@ids)", new { ids });
        var versions = await connection.QueryAsync<string>(
            "SELECT xmin::text FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids) ORDER BY 1", new { ids });

        var incoming = ids.Select((id, i) => Rows.Campaign(id, i == 0 ? "Renamed" : "Before 0008")).ToList();
        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, incoming, Guid.NewGuid(), null, default);

        Assert.Equal((0, 1, 2, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        var stored = (await connection.QueryAsync<(string Id, string Name, byte[]? Hash, Guid Batch)>(
            "SELECT instantly_campaign_id, campaign_name, raw_hash, sync_batch_id FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids)",
            new { ids })).ToDictionary(r => r.Id);
        Assert.Equal("Renamed", stored[ids[0]].Name);
        Assert.Equal(RowHash.Compute(incoming[0]), stored[ids[0]].Hash);
        // The equal rows were left alone: no new version, no fingerprint, the first batch still theirs.
        Assert.All(ids.Skip(1), id => Assert.Equal((null, firstBatch), (stored[id].Hash, stored[id].Batch)));
        var unchangedVersions = await connection.QueryAsync<string>(
            "SELECT xmin::text FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids) ORDER BY 1", new { ids = ids.Skip(1).ToArray() });
        Assert.Subset(versions.ToHashSet(), unchangedVersions.ToHashSet());
    }

    [Fact]
    public async Task A_row_edited_in_the_database_is_merged_again_once_its_fingerprint_is_cleared()
    {
        var id = Guid.NewGuid().ToString();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(id, "Original")], Guid.NewGuid(), null, default);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE instantly_campaigns_raw SET campaign_name = 'Edited', raw_json = raw_json || '{\"name\":\"Edited\"}', raw_hash = NULL WHERE instantly_campaign_id = @id",
            new { id });

        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(id, "Original")], Guid.NewGuid(), null, default);

        Assert.Equal(1, result.Updated);
        Assert.Equal("Original", await connection.QuerySingleAsync<string>(
            "SELECT raw_json ->> 'name' FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task New_rows_and_changed_rows_of_one_batch_commit_together_or_not_at_all()
    {
        var stored = Guid.NewGuid().ToString();
        var fresh = Guid.NewGuid().ToString();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(stored, "Before")], Guid.NewGuid(), null, default);
        RawRow[] batch = [Rows.Campaign(stored, "After"), Rows.Campaign(fresh, "New")];

        await Assert.ThrowsAsync<InvalidOperationException>(() => _upserter.UpsertAsync(Campaigns.Entity.Table, batch, Guid.NewGuid(),
            (_, _, _) => throw new InvalidOperationException("watermark store unavailable"), default));
        var afterFailure = await NamesAsync(stored, fresh);
        var result = await _upserter.UpsertAsync(Campaigns.Entity.Table, batch, Guid.NewGuid(), null, default);

        Assert.Equal(["Before"], afterFailure);
        Assert.Equal((1, 1, 0, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Equal(["After", "New"], await NamesAsync(stored, fresh));
    }

    private async Task<List<string>> NamesAsync(params string[] ids)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT campaign_name FROM instantly_campaigns_raw WHERE instantly_campaign_id = ANY(@ids) ORDER BY campaign_name", new { ids })).ToList();
    }

    [Fact]
    public async Task After_a_batch_of_only_new_rows_a_batch_with_stored_rows_is_still_merged_and_counted()
    {
        var upserter = new Upserter(database.DataSource, "test-workspace", Serilog.Core.Logger.None);
        var stored = Guid.NewGuid().ToString();
        await upserter.UpsertAsync(Campaigns.Entity.Table, [Rows.Campaign(stored, "Stored")], Guid.NewGuid(), null, default);
        var first = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        // Only new rows: the next batch of the table is COPYed as new without a probe.
        await upserter.UpsertAsync(Campaigns.Entity.Table, first.Select(id => Rows.Campaign(id, "New")).ToList(), Guid.NewGuid(), null, default);
        var fresh = Guid.NewGuid().ToString();

        var result = await upserter.UpsertAsync(Campaigns.Entity.Table,
            [Rows.Campaign(stored, "Renamed"), Rows.Campaign(first[0], "New"), Rows.Campaign(fresh, "Also new")], Guid.NewGuid(), null, default);

        Assert.Equal((1, 1, 1, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Equal(["Also new", "New", "Renamed"], await NamesAsync(stored, first[0], fresh));
    }

    [Fact]
    public async Task After_a_batch_of_only_new_rows_a_bad_row_still_becomes_a_dead_letter_alone()
    {
        var upserter = new Upserter(database.DataSource, "test-workspace", Serilog.Core.Logger.None);
        await upserter.UpsertAsync(Emails.Entity.Table, [Rows.Email(Guid.NewGuid().ToString(), "Hello")], Guid.NewGuid(), null, default);
        var good = Guid.NewGuid().ToString();
        var bad = Guid.NewGuid().ToString();

        var result = await upserter.UpsertAsync(Emails.Entity.Table, [Rows.Email(good, "Fine"), Rows.Email(bad, "Hi\\u0000there")], Guid.NewGuid(), null, default);

        Assert.Equal((1, 0, 0, 1), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Equal(bad, Assert.Single(result.Failures).Row.KeyText);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>(
            "SELECT count(*) FROM sync_dead_letters WHERE entity = 'emails' AND record_key = @bad AND resolved_at IS NULL", new { bad }));
    }

    private async Task<byte[]?> HashAsync(string id)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<byte[]?>("SELECT raw_hash FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id", new { id });
    }
}
