using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

/// <summary>The real CLI against the fake API over HTTP and a fresh PostgreSQL database per test.</summary>
public sealed class SyncEndToEndTests : HarnessTest
{
    private static readonly string[] AllEntities = ["campaigns", "accounts", "daily_analytics", "steps", "emails", "leads"];

    private static long Count(JsonElement counts, string entity, string field) => counts.GetProperty(entity).GetProperty(field).GetInt64();

    [Fact]
    public async Task A_full_sync_makes_every_table_equal_to_what_the_api_holds()
    {
        var result = await Harness.SyncAsync("--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await Harness.DifferencesAsync());
        var (status, counts) = await Harness.LastBatchAsync();
        Assert.Equal("succeeded", status);
        Assert.Equal(Harness.Fake.Workspace.LeadCount, Count(counts, "leads", "inserted"));
        Assert.Equal(Harness.Fake.Workspace.EmailCount, Count(counts, "emails", "inserted"));
        Assert.Contains("[INFO] LEADS_END: Inserted: 600", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_immediate_second_run_inserts_and_updates_nothing()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);

        var second = await Harness.SyncAsync();

        Assert.True(second.ExitCode == ExitCodes.Success, second.All);
        var (_, counts) = await Harness.LastBatchAsync();
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
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        var leadsBefore = Harness.Fake.Workspace.Leads();
        var emailsBefore = Harness.Fake.Workspace.Emails();
        var advance = Harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        Assert.NotEmpty(advance.SameTimestampEmailIds);
        var leadsAfter = Harness.Fake.Workspace.Leads();
        var emailsAfter = Harness.Fake.Workspace.Emails();

        var result = await Harness.SyncAsync();

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Empty(await Harness.DifferencesAsync());
        var (_, counts) = await Harness.LastBatchAsync();
        Assert.Equal(emailsAfter.Keys.Except(emailsBefore.Keys).Count(), Count(counts, "emails", "inserted"));
        Assert.Equal(advance.NewEmails, Count(counts, "emails", "inserted"));
        Assert.Equal(leadsAfter.Keys.Except(leadsBefore.Keys).Count(), Count(counts, "leads", "inserted"));
        Assert.Equal(leadsBefore.Count(l => leadsAfter[l.Key] != l.Value), Count(counts, "leads", "updated"));
        Assert.True(Count(counts, "leads", "updated") >= advance.ChangedLeads);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM instantly_emails_raw WHERE instantly_email_id = ANY(@ids)", new { ids = advance.SameTimestampEmailIds.ToArray() });
        Assert.Equal(advance.SameTimestampEmailIds.Count, stored);
        var renamed = await connection.ExecuteScalarAsync<string>(
            "SELECT campaign_name FROM instantly_campaigns_raw WHERE instantly_campaign_id = @id", new { id = advance.RenamedCampaignId });
        var apiName = JsonDocument.Parse(Harness.Fake.Workspace.Campaigns()[advance.RenamedCampaignId!]).RootElement.GetProperty("name").GetString();
        Assert.Equal(apiName, renamed);
    }

    [Fact]
    public async Task A_dry_run_reports_changes_and_leaves_every_table_byte_for_byte_unchanged()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        Harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        var before = await Harness.FingerprintAsync();

        var result = await Harness.SyncAsync("--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Equal(before, await Harness.FingerprintAsync());
        var emailsLine = result.Out.Split('\n').Single(l => l.TrimStart().StartsWith("emails", StringComparison.Ordinal));
        var insert = long.Parse(emailsLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        Assert.True(insert > 0, result.Out);
    }

    [Fact]
    public async Task Window_runs_read_only_their_window_and_never_move_a_watermark()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        var watermarks = await Harness.WatermarksAsync();
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM instantly_daily_analytics_raw");
        var from = Harness.Today.AddDays(-10);
        var to = Harness.Today.AddDays(-5);

        var fromTo = await Harness.SyncAsync("--from", $"{from:yyyy-MM-dd}", "--to", $"{to:yyyy-MM-dd}", "--entities", "daily_analytics,emails");
        var last = await Harness.SyncAsync("--last", "2d", "--entities", "emails");

        Assert.True(fromTo.ExitCode == ExitCodes.Success, fromTo.All);
        Assert.True(last.ExitCode == ExitCodes.Success, last.All);
        Assert.Equal(watermarks, await Harness.WatermarksAsync());
        var dates = (await connection.QueryAsync<DateTime>("SELECT DISTINCT analytics_date FROM instantly_daily_analytics_raw")).ToList();
        Assert.NotEmpty(dates);
        Assert.All(dates, d => Assert.InRange(DateOnly.FromDateTime(d), from, to));
        var mode = await connection.ExecuteScalarAsync<string>("SELECT mode FROM sync_batches ORDER BY started_at DESC OFFSET 1 LIMIT 1");
        Assert.Equal("from", mode);
    }

    [Fact]
    public async Task Rollback_rewinds_and_persists_the_windowed_watermarks_before_it_syncs()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        var to = Harness.Today.AddDays(-3);
        // Every windowed entity fails right after the rewind: the rewind must already be stored.
        Harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/campaigns", "/emails"] });

        var interrupted = await Harness.SyncAsync("--rollback", $"{to:yyyy-MM-dd}");

        Assert.Equal(ExitCodes.PartialFailure, interrupted.ExitCode);
        var rewound = await Harness.WatermarksAsync();
        Assert.Equal(to.ToDateTime(TimeOnly.MinValue), rewound["emails"]);
        Assert.Equal(to.ToDateTime(TimeOnly.MinValue), rewound["daily_analytics"]);
        Assert.True(rewound["leads"] > to.ToDateTime(TimeOnly.MinValue));

        Harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = [] });
        var resumed = await Harness.SyncAsync();

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.All);
        var (_, counts) = await Harness.LastBatchAsync();
        Assert.True(Count(counts, "emails", "unchanged") > 0, "the resumed run re-read emails from the rollback date");
        Assert.True((await Harness.WatermarksAsync())["emails"] > to.ToDateTime(TimeOnly.MinValue));
        Assert.Empty(await Harness.DifferencesAsync());
    }

    [Fact]
    public async Task Every_written_row_carries_the_batch_that_last_changed_it()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        Harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync()).ExitCode);

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var batches = (await connection.QueryAsync<Guid>("SELECT id FROM sync_batches ORDER BY started_at")).ToList();
        var perBatch = (await connection.QueryAsync<(Guid, long)>(
            "SELECT sync_batch_id, count(*) FROM instantly_leads_raw GROUP BY sync_batch_id")).ToDictionary(r => r.Item1, r => r.Item2);
        Assert.Equal(2, batches.Count);
        Assert.True(perBatch.ContainsKey(batches[1]), "changed leads carry the second batch");
        Assert.True(perBatch[batches[0]] > perBatch[batches[1]], "unchanged leads keep the first batch");
    }
}
