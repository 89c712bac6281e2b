using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;
using InstantlySync.Entities;

namespace InstantlySync.IntegrationTests.Storage;

public sealed class UpserterCompareTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly Upserter _upserter = new(database.DataSource, "test-workspace", Serilog.Core.Logger.None);

    [Fact]
    public async Task A_dry_run_counts_new_changed_and_unchanged_rows_and_writes_nothing()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToList();
        await _upserter.UpsertAsync(Campaigns.Entity.Table, ids.Take(3).Select(id => Rows.Campaign(id, "Stored")).ToList(), Guid.NewGuid(), null, default);
        var before = await SnapshotAsync();
        RawRow[] incoming =
        [
            Rows.Campaign(ids[0], "Stored"),
            Rows.Campaign(ids[1], "Renamed"),
            Rows.Campaign(ids[2], "Stored"),
            Rows.Campaign(ids[3], "Brand new"),
        ];

        var result = await _upserter.CompareAsync(Campaigns.Entity.Table, incoming, default);

        Assert.Equal((1, 1, 2, 0), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_dry_run_matches_keys_that_hold_null()
    {
        var campaign = Guid.NewGuid().ToString();
        RawRow Step(string step, int sent)
            => Steps.Entity.ToRow(new ApiItem(Rows.Json($$"""{"step":{{step}},"variant":null,"sent":{{sent}}}"""), campaign));
        await _upserter.UpsertAsync(Steps.Entity.Table, [Step("null", 1), Step("\"0\"", 2)], Guid.NewGuid(), null, default);

        var result = await _upserter.CompareAsync(Steps.Entity.Table, [Step("null", 1), Step("\"0\"", 3), Step("\"1\"", 4)], default);

        Assert.Equal((1, 1, 1), (result.Inserted, result.Updated, result.Unchanged));
    }

    [Fact]
    public async Task A_dry_run_reports_rows_the_database_would_refuse()
    {
        var id = Guid.NewGuid().ToString();

        var result = await _upserter.CompareAsync(Emails.Entity.Table,
            [Rows.Email(id, "Hi\\u0000there"), Rows.Email(Guid.NewGuid().ToString(), "fine")], default);

        Assert.Equal((1, 0, 0, 1), (result.Inserted, result.Updated, result.Unchanged, result.Failed));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT count(*) FROM sync_dead_letters WHERE record_key = @id", new { id }));
    }

    private async Task<List<(string Id, string Xmin)>> SnapshotAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string)>(
            "SELECT instantly_campaign_id, xmin::text FROM instantly_campaigns_raw ORDER BY instantly_campaign_id")).ToList();
    }
}
