using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

/// <summary>The real CLI against the fake API over HTTP and a fresh PostgreSQL database per test.</summary>
public sealed class SyncEndToEndTests : IAsyncLifetime
{
    private static readonly string[] AllEntities = ["campaigns", "accounts", "daily_analytics", "steps", "emails", "leads"];
    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _harness = await SyncHarness.StartAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static long Count(JsonElement counts, string entity, string field) => counts.GetProperty(entity).GetProperty(field).GetInt64();

    [Fact]
    public async Task A_full_sync_makes_every_table_equal_to_what_the_api_holds()
    {
        var result = await _harness.SyncAsync("--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await _harness.DifferencesAsync());
        var (status, counts) = await _harness.LastBatchAsync();
        Assert.Equal("succeeded", status);
        Assert.Equal(_harness.Fake.Workspace.LeadCount, Count(counts, "leads", "inserted"));
        Assert.Equal(_harness.Fake.Workspace.EmailCount, Count(counts, "emails", "inserted"));
        Assert.Contains("[INFO] LEADS_END: Inserted: 600", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_immediate_second_run_inserts_and_updates_nothing()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);

        var second = await _harness.SyncAsync();

        Assert.True(second.ExitCode == ExitCodes.Success, second.All);
        var (_, counts) = await _harness.LastBatchAsync();
        foreach (var entity in AllEntities)
        {
            Assert.True(Count(counts, entity, "inserted") == 0, $"{entity}: {counts}");
            Assert.True(Count(counts, entity, "updated") == 0, $"{entity}: {counts}");
        }

        Assert.True(Count(counts, "leads", "unchanged") > 0);
    }

    [Fact]
    public async Task After_a_day_passes_an_incremental_run_picks_up_exactly_what_changed()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);
        var leadsBefore = _harness.Fake.Workspace.Leads();
        var emailsBefore = _harness.Fake.Workspace.Emails();
        var advance = _harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        Assert.NotEmpty(advance.SameTimestampEmailIds);
        var leadsAfter = _harness.Fake.Workspace.Leads();
        var emailsAfter = _harness.Fake.Workspace.Emails();

        var result = await _harness.SyncAsync();

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await _harness.DifferencesAsync());
        var (_, counts) = await _harness.LastBatchAsync();
        Assert.Equal(emailsAfter.Keys.Except(emailsBefore.Keys).Count(), Count(counts, "emails", "inserted"));
        Assert.Equal(advance.NewEmails, Count(counts, "emails", "inserted"));
        Assert.Equal(leadsAfter.Keys.Except(leadsBefore.Keys).Count(), Count(counts, "leads", "inserted"));
        Assert.Equal(leadsBefore.Count(l => leadsAfter[l.Key] != l.Value), Count(counts, "leads", "updated"));
        Assert.True(Count(counts, "leads", "updated") >= advance.ChangedLeads);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM instantly_emails_raw WHERE instantly_email_id = ANY(@ids)", new { ids = advance.SameTimestampEmailIds.ToArray() });
        Assert.Equal(advance.SameTimestampEmailIds.Count, stored);
        var renamed = await connection.ExecuteScalarAsync<string>(
            "SELECT campaign_name FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id", new { id = advance.RenamedCampaignId });
        var apiName = JsonDocument.Parse(_harness.Fake.Workspace.Campaigns()[advance.RenamedCampaignId!]).RootElement.GetProperty("name").GetString();
        Assert.Equal(apiName, renamed);
    }

    [Fact]
    public async Task A_dry_run_reports_changes_and_leaves_every_table_byte_for_byte_unchanged()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);
        _harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        var before = await _harness.FingerprintAsync();

        var result = await _harness.SyncAsync("--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Equal(before, await _harness.FingerprintAsync());
        var emailsLine = result.Out.Split('\n').Single(l => l.TrimStart().StartsWith("emails", StringComparison.Ordinal));
        var insert = long.Parse(emailsLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        Assert.True(insert > 0, result.Out);
    }

    [Fact]
    public async Task Window_runs_read_only_their_window_and_never_move_a_watermark()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);
        var watermarks = await _harness.WatermarksAsync();
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM instantly_daily_analytics_raw");
        var from = _harness.Today.AddDays(-10);
        var to = _harness.Today.AddDays(-5);

        var fromTo = await _harness.SyncAsync("--from", $"{from:yyyy-MM-dd}", "--to", $"{to:yyyy-MM-dd}", "--entities", "daily_analytics,emails");
        var last = await _harness.SyncAsync("--last", "2d", "--entities", "emails");

        Assert.True(fromTo.ExitCode == ExitCodes.Success, fromTo.All);
        Assert.True(last.ExitCode == ExitCodes.Success, last.All);
        Assert.Equal(watermarks, await _harness.WatermarksAsync());
        var dates = (await connection.QueryAsync<DateTime>("SELECT DISTINCT analytics_date FROM instantly_daily_analytics_raw")).ToList();
        Assert.NotEmpty(dates);
        Assert.All(dates, d => Assert.InRange(DateOnly.FromDateTime(d), from, to));
        var mode = await connection.ExecuteScalarAsync<string>("SELECT mode FROM sync_batches ORDER BY started_at DESC OFFSET 1 LIMIT 1");
        Assert.Equal("from", mode);
    }

    [Fact]
    public async Task Rollback_rewinds_and_persists_the_windowed_watermarks_before_it_syncs()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);
        var to = _harness.Today.AddDays(-3);
        // A revoked key stops the run right after the rewind: the rewind must already be stored.
        _harness.ExtraEnvironment["INSTANTLY_API_KEY"] = "revoked-key";

        var interrupted = await _harness.SyncAsync("--rollback", $"{to:yyyy-MM-dd}");

        Assert.Equal(ExitCodes.ConfigurationError, interrupted.ExitCode);
        var rewound = await _harness.WatermarksAsync();
        Assert.Equal(to.ToDateTime(TimeOnly.MinValue), rewound["emails"]);
        Assert.Equal(to.ToDateTime(TimeOnly.MinValue), rewound["daily_analytics"]);
        Assert.True(rewound["leads"] > to.ToDateTime(TimeOnly.MinValue));

        _harness.ExtraEnvironment.Clear();
        var resumed = await _harness.SyncAsync();

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.All);
        var (_, counts) = await _harness.LastBatchAsync();
        Assert.True(Count(counts, "emails", "unchanged") > 0, "the resumed run re-read emails from the rollback date");
        Assert.True((await _harness.WatermarksAsync())["emails"] > to.ToDateTime(TimeOnly.MinValue));
        Assert.Empty(await _harness.DifferencesAsync());
    }

    [Fact]
    public async Task Every_written_row_carries_the_batch_that_last_changed_it()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);
        _harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync()).ExitCode);

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var batches = (await connection.QueryAsync<Guid>("SELECT id FROM sync_batches ORDER BY started_at")).ToList();
        var perBatch = (await connection.QueryAsync<(Guid, long)>(
            "SELECT sync_batch_id, count(*) FROM instantly_leads_raw GROUP BY sync_batch_id")).ToDictionary(r => r.Item1, r => r.Item2);
        Assert.Equal(2, batches.Count);
        Assert.True(perBatch.ContainsKey(batches[1]), "changed leads carry the second batch");
        Assert.True(perBatch[batches[0]] > perBatch[batches[1]], "unchanged leads keep the first batch");
    }
}
