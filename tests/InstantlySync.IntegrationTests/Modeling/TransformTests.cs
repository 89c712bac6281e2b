using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// README, "The modeled layer": the real CLI against the fake API, then the layer checked against
/// the raw tables, a full rebuild, and itself on a rerun.
/// </summary>
public sealed class TransformTests : HarnessTest
{
    private Task<CliResult> TransformAsync(params string[] args) => Harness.RunAsync(["transform", .. args]);

    /// <summary>The latest transform: a transform run's batch, or the _transform a sync recorded (its tables and what it read).</summary>
    private async Task<(string Status, JsonElement Counts)> LastTransformAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var (status, counts) = await connection.QuerySingleAsync<(string, string)>(
            """
            SELECT CASE WHEN mode = 'transform' THEN status ELSE counts #>> '{_transform,status}' END,
                   CASE WHEN mode = 'transform' THEN counts
                        ELSE (counts #> '{_transform,tables}') || jsonb_build_object('_transform', counts -> '_transform') END::text
              FROM sync_batches WHERE mode = 'transform' OR counts ? '_transform' ORDER BY started_at DESC LIMIT 1
            """);
        return (status, JsonDocument.Parse(counts).RootElement.Clone());
    }

    private Task<long> CountAsync(string sql) => ModeledLayer.CountAsync(Database.DataSource, sql);

    [Fact]
    public async Task A_sync_that_wrote_rows_ends_by_building_the_modeled_layer()
    {
        var sync = await Harness.SyncAsync("--all");

        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        Assert.Equal(await CountAsync("SELECT count(*) FROM instantly_leads_raw"), await CountAsync("SELECT count(*) FROM outreach.campaign_leads"));
        Assert.Equal(await CountAsync("SELECT count(DISTINCT lower(btrim(email))) FROM instantly_leads_raw WHERE btrim(email) <> ''"),
            await CountAsync("SELECT count(*) FROM outreach.leads"));
        Assert.Equal(await CountAsync("SELECT count(*) FROM instantly_campaigns_raw"), await CountAsync("SELECT count(*) FROM outreach.campaigns"));
        Assert.True(await CountAsync("SELECT count(*) FROM outreach.companies") > 0);
        Assert.Equal(await CountAsync("SELECT count(*) FROM outreach.leads WHERE company_domain IS NOT NULL"),
            await CountAsync("SELECT sum(lead_count) FROM outreach.companies"));
        var (status, counts) = await LastTransformAsync();
        Assert.Equal("succeeded", status);
        Assert.Equal(await CountAsync("SELECT count(*) FROM outreach.events"), counts.GetProperty("events").GetProperty("inserted").GetInt64());
        Assert.Contains("[INFO] TRANSFORM_START: Transform (incremental)", sync.Error, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM sync_batches"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outreach.leads WHERE transform_batch_id IS DISTINCT FROM (SELECT id FROM sync_batches)"));
    }

    [Fact]
    public async Task Events_are_one_per_lead_and_one_per_typed_email_and_never_duplicate_on_replay()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        var expected = await CountAsync("SELECT count(*) FROM instantly_leads_raw")
            + await CountAsync("SELECT count(*) FROM instantly_emails_raw WHERE (raw_json->>'ue_type') IN ('1', '2', '3', '4')");

        var replay = await TransformAsync("--full");
        await ModeledLayer.ClearAsync(Database.DataSource);
        var rebuilt = await TransformAsync();
        var again = await TransformAsync("--full");

        Assert.True(replay.ExitCode == ExitCodes.Success, replay.All);
        Assert.True(rebuilt.ExitCode == ExitCodes.Success, rebuilt.All);
        Assert.True(again.ExitCode == ExitCodes.Success, again.All);
        Assert.Equal(expected, await CountAsync("SELECT count(*) FROM outreach.events"));
        Assert.Equal(expected, await CountAsync("SELECT count(DISTINCT (source, source_id, event_type)) FROM outreach.events"));
        Assert.Equal(0, await CountAsync(
            "SELECT count(*) FROM outreach.events e JOIN instantly_emails_raw r ON r.instantly_email_id = e.source_id WHERE e.email IS DISTINCT FROM lower(btrim(r.raw_json->>'lead'))"));
    }

    [Fact]
    public async Task After_the_fake_advances_an_incremental_transform_equals_a_full_rebuild()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        for (var day = 0; day < 3; day++)
        {
            var advance = Harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
            Assert.True(advance.ChangedLeads > 0 && advance.NewLeads > 0 && advance.NewEmails > 0);
            var sync = await Harness.SyncAsync();
            Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        }

        var (_, counts) = await LastTransformAsync();
        Assert.True(counts.GetProperty("_transform").GetProperty("read").GetProperty("leads").GetInt64() < Harness.Fake.Workspace.LeadCount,
            $"an incremental run read every lead: {counts}");
        var incremental = await ModeledLayer.ContentAsync(Database.DataSource);

        await ModeledLayer.ClearAsync(Database.DataSource);
        var full = await TransformAsync("--full");

        Assert.True(full.ExitCode == ExitCodes.Success, full.All);
        var rebuilt = await ModeledLayer.ContentAsync(Database.DataSource);
        Assert.Empty(ModeledLayer.Differences(rebuilt, incremental));
    }

    [Fact]
    public async Task Leads_at_the_watermark_are_not_read_again_but_a_later_write_with_the_same_updated_at_is()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        const string Watermark = "(SELECT watermark FROM sync_transform_state WHERE source_table = 'instantly_leads_raw')";
        Assert.True(await CountAsync($"SELECT count(*) FROM instantly_leads_raw WHERE updated_at = {Watermark}") > 1,
            "a sync page shares one updated_at, so the leads watermark is a tie");

        var rerun = await TransformAsync();
        var (_, rerunCounts) = await LastTransformAsync();

        // A write committed with exactly the watermark's updated_at (as a transaction started in the
        // same microsecond would): the lead's person and company change, and the next run must see it.
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(1, await connection.ExecuteAsync($$"""
                UPDATE instantly_leads_raw
                   SET raw_json = raw_json || '{"first_name": "Tiebreak", "company_name": "Tiebreak Holdings", "company_domain": "tiebreak.example"}'
                 WHERE instantly_lead_id = (SELECT instantly_lead_id FROM instantly_leads_raw
                                             WHERE updated_at = {{Watermark}} AND btrim(email) <> '' ORDER BY instantly_lead_id LIMIT 1)
                """));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM instantly_leads_raw WHERE updated_at = {Watermark} AND raw_json->>'first_name' = 'Tiebreak'"));
        }

        var tie = await TransformAsync();
        var (_, tieCounts) = await LastTransformAsync();
        var incremental = await ModeledLayer.ContentAsync(Database.DataSource);
        var full = await TransformAsync("--full");

        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.All);
        Assert.Equal(0, rerunCounts.GetProperty("_transform").GetProperty("read").GetProperty("leads").GetInt64());
        Assert.All(ModeledLayer.Tables, t => Assert.Equal(0, rerunCounts.GetProperty(t).GetProperty("updated").GetInt64()));
        Assert.True(tie.ExitCode == ExitCodes.Success, tie.All);
        Assert.Equal(1, tieCounts.GetProperty("_transform").GetProperty("read").GetProperty("leads").GetInt64());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outreach.leads WHERE first_name = 'Tiebreak' AND company_domain = 'tiebreak.example'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outreach.companies WHERE domain = 'tiebreak.example' AND company_name = 'Tiebreak Holdings' AND lead_count = 1"));
        Assert.True(full.ExitCode == ExitCodes.Success, full.All);
        Assert.Empty(ModeledLayer.Differences(await ModeledLayer.ContentAsync(Database.DataSource), incremental));
    }

    [Fact]
    public async Task A_second_transform_writes_no_tuple_and_a_dry_run_writes_nothing()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        var before = await ModeledLayer.TuplesAsync(Database.DataSource);

        var incremental = await TransformAsync();
        var full = await TransformAsync("--full");
        var afterReruns = await ModeledLayer.TuplesAsync(Database.DataSource);
        Harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--no-transform")).ExitCode);
        var beforeDry = await Harness.FingerprintAsync();
        var tuplesBeforeDry = await ModeledLayer.TuplesAsync(Database.DataSource);
        var dry = await TransformAsync("--dry-run");

        Assert.True(incremental.ExitCode == ExitCodes.Success, incremental.All);
        Assert.True(full.ExitCode == ExitCodes.Success, full.All);
        Assert.Equal(before, afterReruns);
        var (_, counts) = await LastTransformAsync();
        Assert.All(ModeledLayer.Tables, t => Assert.Equal(0, counts.GetProperty(t).GetProperty("inserted").GetInt64() + counts.GetProperty(t).GetProperty("updated").GetInt64()));
        Assert.True(dry.ExitCode == ExitCodes.Success, dry.All);
        Assert.Contains("dry run: nothing written", dry.Out, StringComparison.Ordinal);
        Assert.Matches(@"campaign_leads\s+[1-9]", dry.Out);
        Assert.Equal(beforeDry, await Harness.FingerprintAsync());
        Assert.Equal(tuplesBeforeDry, await ModeledLayer.TuplesAsync(Database.DataSource));
    }

    [Fact]
    public async Task No_transform_and_the_setting_skip_the_update_and_a_later_transform_catches_up()
    {
        var skipped = await Harness.SyncAsync("--all", "--no-transform");
        Harness.Fake.AdvanceClock(TimeSpan.FromDays(1));
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Models__AutoTransform"] = "false";
        var disabled = await Harness.SyncAsync();
        var transform = await TransformAsync();

        Assert.True(skipped.ExitCode == ExitCodes.Success, skipped.All);
        Assert.True(disabled.ExitCode == ExitCodes.Success, disabled.All);
        Assert.DoesNotContain("Transform", skipped.Error + disabled.Error, StringComparison.Ordinal);
        Assert.True(transform.ExitCode == ExitCodes.Success, transform.All);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM sync_batches WHERE mode = 'transform' OR counts ? '_transform'"));
        Assert.Equal(await CountAsync("SELECT count(*) FROM instantly_leads_raw"), await CountAsync("SELECT count(*) FROM outreach.campaign_leads"));
    }

    [Fact]
    public async Task Status_shows_each_workspaces_last_transform()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);

        var text = await Harness.RunAsync(["status"]);
        var json = await Harness.RunAsync(["status", "--json"]);

        Assert.Contains("Last transform of default: succeeded", text.Out, StringComparison.Ordinal);
        Assert.Contains("ending all sync", text.Out, StringComparison.Ordinal);
        var workspace = JsonDocument.Parse(json.Out).RootElement.GetProperty("workspaces")[0];
        var last = workspace.GetProperty("last_transform");
        Assert.Equal("succeeded", last.GetProperty("status").GetString());
        Assert.True(last.GetProperty("counts").GetProperty("campaign_leads").GetProperty("inserted").GetInt64() > 0);
    }

    [Fact]
    public async Task A_held_workspace_lock_exits_4_and_an_unknown_workspace_exits_2()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);
        var workspaceId = Harness.Fake.Workspace.WorkspaceId;

        int locked;
        await using (var held = await RunLock.TryAcquireAsync(Database.DataSource, workspaceId, CancellationToken.None))
        {
            Assert.NotNull(held);
            locked = (await TransformAsync()).ExitCode;
        }

        var unknown = await TransformAsync("--workspace", "nope");

        Assert.Equal(ExitCodes.LockHeld, locked);
        Assert.Equal(ExitCodes.InvalidUsage, unknown.ExitCode);
        Assert.Contains("--workspace: unknown workspace 'nope'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_models_schema_than_the_database_was_built_with_exits_3()
    {
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Models__Schema"] = "elsewhere";

        var transform = await TransformAsync();
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Models__Schema"] = "Bad-Name";
        var invalid = await TransformAsync();

        Assert.Equal(ExitCodes.PreconditionFailed, transform.ExitCode);
        Assert.Contains("this database's modeled layer was built in schema 'outreach'", transform.Error, StringComparison.Ordinal);
        Assert.Single(transform.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.PreconditionFailed, invalid.ExitCode);
        Assert.Contains("Models:Schema must be a lower-case identifier", invalid.Error, StringComparison.Ordinal);
    }
}
