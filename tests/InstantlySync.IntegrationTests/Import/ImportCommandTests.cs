using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.Storage;

namespace InstantlySync.IntegrationTests.Import;

public sealed class ImportCommandTests : IAsyncLifetime
{
    private readonly ImportRun _run = new();

    public Task InitializeAsync() => _run.InitializeAsync();

    public Task DisposeAsync() => _run.DisposeAsync();

    [Fact]
    public async Task Importing_the_sample_snapshot_fills_every_table_it_covers_and_prints_counts_per_table()
    {
        var result = await _run.ImportAsync(ImportRun.SamplePath);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var counts = await _run.RowCountsAsync();
        Assert.Equal(4, counts["instantly_campaigns_raw"]);
        Assert.Equal(10, counts["instantly_accounts_raw"]);
        Assert.Equal(17 + 36, counts["instantly_daily_analytics_raw"]);
        Assert.Equal(15, counts["instantly_steps_raw"]);
        Assert.Equal(30, counts["instantly_emails_raw"]);
        Assert.Equal(0, counts["instantly_leads_raw"]);
        Assert.Equal(0, counts["sync_dead_letters"]);
        // 4 overview, 4 detailed and 3 metrics records make 4 campaign rows.
        Assert.Matches(@"instantly_campaigns_raw\s+11\s+4\s+0\s+0\s+0\s+succeeded", result.Out);
        Assert.Matches(@"instantly_daily_analytics_raw\s+53\s+53\s+0\s+0\s+0\s+succeeded", result.Out);
        Assert.Matches(@"instantly_emails_raw\s+30\s+30\s+0\s+0\s+0\s+succeeded", result.Out);
        Assert.Equal(17, await _run.ScalarAsync<long>("SELECT count(*) FROM instantly_daily_analytics_raw WHERE instantly_campaign_id IS NULL"));
    }

    [Fact]
    public async Task An_import_is_one_batch_with_mode_import_and_counts_per_entity()
    {
        await _run.ImportAsync(ImportRun.SamplePath);

        await using var connection = await _run.Database.DataSource.OpenConnectionAsync();
        var batch = await connection.QuerySingleAsync<(Guid Id, string Mode, string Status, string Counts, string[] Entities)>(
            "SELECT id, mode, status, counts::text, entities FROM sync_batches");
        Assert.Equal("import", batch.Mode);
        Assert.Equal("succeeded", batch.Status);
        Assert.Equal(["campaigns", "accounts", "daily_analytics", "steps", "emails"], batch.Entities);
        using var counts = JsonDocument.Parse(batch.Counts);
        Assert.Equal(10, counts.RootElement.GetProperty("accounts").GetProperty("inserted").GetInt32());
        Assert.Equal(15, counts.RootElement.GetProperty("steps").GetProperty("inserted").GetInt32());
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM instantly_campaigns_raw WHERE sync_batch_id = @Id", new { batch.Id }));
    }

    [Fact]
    public async Task Importing_the_same_snapshot_twice_inserts_and_updates_nothing_the_second_time()
    {
        var first = await _run.ImportAsync(ImportRun.SamplePath);
        var before = await _run.ScalarAsync<string>("SELECT string_agg(raw_json::text || updated_at::text, ',' ORDER BY instantly_campaign_id) FROM instantly_campaigns_raw");

        var second = await _run.ImportAsync(ImportRun.SamplePath);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.True(second.ExitCode == ExitCodes.Success, second.All);
        var lines = second.Out.Split('\n').Where(l => l.Contains("instantly_", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, lines.Count);
        Assert.All(lines, line => Assert.Matches(@"instantly_\w+\s+\d+\s+0\s+0\s+[1-9]\d*\s+0\s+succeeded", line));

        var counts = await _run.ScalarAsync<string>("SELECT counts::text FROM sync_batches ORDER BY started_at DESC LIMIT 1");
        using var document = JsonDocument.Parse(counts);
        Assert.All(document.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith('_')), entity =>
        {
            Assert.Equal(0, entity.Value.GetProperty("inserted").GetInt32());
            Assert.Equal(0, entity.Value.GetProperty("updated").GetInt32());
        });
        Assert.Equal(before, await _run.ScalarAsync<string>("SELECT string_agg(raw_json::text || updated_at::text, ',' ORDER BY instantly_campaign_id) FROM instantly_campaigns_raw"));
    }

    [Fact]
    public async Task A_campaign_row_holds_the_overview_the_detail_and_the_real_metrics_of_that_campaign()
    {
        await _run.ImportAsync(ImportRun.SamplePath);

        await using var connection = await _run.Database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Name, int? LeadsCount, int? EmailsSent, string Raw)>(
            """
            SELECT campaign_name, leads_count, emails_sent_count, raw_json::text
              FROM instantly_campaigns_raw WHERE instantly_campaign_id = '9b6f458e-6dc5-4762-83d5-a528aedd2235'
            """);
        using var raw = JsonDocument.Parse(row.Raw);
        Assert.Equal("Q3 founders – UK", row.Name);
        Assert.Equal(734, row.LeadsCount);
        Assert.Equal(970, row.EmailsSent);
        Assert.True(raw.RootElement.TryGetProperty("pl_value", out _), "a key only the overview has is kept");
        Assert.True(raw.RootElement.TryGetProperty("sequences", out _), "a key only the detail has is kept");
        Assert.Equal(28, raw.RootElement.GetProperty("reply_count").GetInt32());

        var draft = await connection.QuerySingleAsync<(int? Status, int? LeadsCount)>(
            "SELECT campaign_status, leads_count FROM instantly_campaigns_raw WHERE campaign_name = 'Product-led growth webinar'");
        Assert.Equal((0, null), draft);
    }

    [Fact]
    public async Task An_import_leaves_every_sync_watermark_where_it_was()
    {
        var result = await _run.ImportAsync(ImportRun.SamplePath);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(0, await _run.ScalarAsync<long>("SELECT count(*) FROM sync_state"));
    }

    [Fact]
    public async Task Unknown_keys_are_reported_and_skipped()
    {
        var snapshot = ImportRun.Sample();
        snapshot["leads_sample"] = new System.Text.Json.Nodes.JsonArray();
        snapshot["collected_at"] = "2026-06-30T22:00:00Z";

        var result = await _run.ImportAsync(snapshot);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Contains("[WARNING]", result.Error, StringComparison.Ordinal);
        Assert.Contains("leads_sample", result.Error, StringComparison.Ordinal);
        Assert.Contains("collected_at", result.Error, StringComparison.Ordinal);
        Assert.Equal(10, (await _run.RowCountsAsync())["instantly_accounts_raw"]);
        Assert.Contains("leads_sample", await _run.ScalarAsync<string>("SELECT counts->'_import'->>'unknown_keys' FROM sync_batches"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_while_a_sync_holds_the_run_lock_exits_4_and_writes_nothing()
    {
        await using (var held = await RunLock.TryAcquireAsync(_run.Database.DataSource, "bffdcc34-56cd-403e-a325-def96cc9d027", CancellationToken.None))
        {
            Assert.NotNull(held);
            var result = await _run.ImportAsync(ImportRun.SamplePath);

            Assert.Equal(ExitCodes.LockHeld, result.ExitCode);
            Assert.Contains("a sync is running", result.Error, StringComparison.Ordinal);
        }

        var counts = await _run.RowCountsAsync();
        Assert.All(ImportRun.RawTables, table => Assert.Equal(0, counts[table]));
        Assert.Equal(0, counts["sync_batches"]);
    }

    [Fact]
    public async Task Import_without_a_database_url_exits_3()
    {
        var result = await InstantlySync.IntegrationTests.Infrastructure.CliRun.RunAsync(
            new Dictionary<string, string?>(), ["import", ImportRun.SamplePath]);

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("DATABASE_URL", result.Error, StringComparison.Ordinal);
    }
}
