using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Push;

/// <summary>
/// A synced workspace with a lead pool holding new people for two segments (smb: revenue below a
/// million; midsize: the rest) and one of every kind the top-up must leave out: an invalid email, a
/// missing one, no segment, a DNC address, a DNC domain, a cooldown, two people already in a
/// segment campaign and a duplicate. Five are eligible: ann, bob, cat, dan and old.
/// </summary>
public abstract class PushTest : HarnessTest
{
    protected string Smb { get; private set; } = "";
    protected string Midsize { get; private set; } = "";
    protected string WorkspaceId { get; private set; } = "";
    protected List<string> InSmb { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var sync = await Harness.SyncAsync("--all");
        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var campaigns = (await connection.QueryAsync<string>(
            "SELECT instantly_campaign_id FROM instantly_campaigns_raw ORDER BY instantly_campaign_id")).ToList();
        (Smb, Midsize) = (campaigns[0], campaigns[1]);
        WorkspaceId = await connection.ExecuteScalarAsync<string>("SELECT workspace_id FROM instantly_workspaces") ?? "";
        InSmb = (await connection.QueryAsync<string>(
            "SELECT email FROM instantly_leads_raw WHERE instantly_campaign_id = @Smb AND email IS NOT NULL ORDER BY email LIMIT 2", new { Smb })).ToList();

        // One row per case, in the order the view gives them.
        await connection.ExecuteAsync("""
            CREATE TABLE outreach.prospects (ord int, email text, first_name text, company_name text, revenue numeric, city text, tags jsonb);
            INSERT INTO outreach.prospects VALUES
              (1,  'ann@small.example',          'Ann',  'Small BV', 500000,  'Utrecht', '["a","b"]'),
              (2,  ' Bob@Big.Example ',          'Bob',  'Big NV',   9000000, NULL,      NULL),
              (3,  'cat@small.example',          'Cat',  NULL,       200000,  NULL,      NULL),
              (4,  'dnc@small.example',          NULL,   NULL,       100000,  NULL,      NULL),
              (5,  'eve@blocked.example',        NULL,   NULL,       100000,  NULL,      NULL),
              (6,  'fred@cooled.example',        NULL,   NULL,       100000,  NULL,      NULL),
              (7,  'not an email',               NULL,   NULL,       100000,  NULL,      NULL),
              (8,  NULL,                         NULL,   NULL,       100000,  NULL,      NULL),
              (9,  'nobody@unsegmented.example', NULL,   NULL,       NULL,    NULL,      NULL),
              (10, 'ANN@small.example',          NULL,   NULL,       700000,  NULL,      NULL),
              (11, 'dan@big.example',            'Dan',  NULL,       5000000, NULL,      NULL),
              (12, 'old@cooled.example',         NULL,   NULL,       100000,  NULL,      NULL);
            CREATE VIEW outreach.lead_pool AS SELECT * FROM outreach.prospects ORDER BY ord;
            INSERT INTO outreach.dnc (workspace_id, value, kind, source) VALUES
              (@w, 'dnc@small.example', 'email', 'manual'), (@w, 'blocked.example', 'domain', 'manual');
            INSERT INTO outreach.push_history (workspace_id, instantly_lead_id, email, campaign_id, final_status, raw_json, drained_at, batch_id) VALUES
              (@w, 'lead-fred', 'fred@cooled.example', @smb, 'completed', '{}', now() - interval '10 days', gen_random_uuid()),
              (@w, 'lead-old',  'old@cooled.example',  @smb, 'completed', '{}', now() - interval '100 days', gen_random_uuid());
            """, new { w = WorkspaceId, smb = Smb });
        // People already in a segment campaign, written as users write them: spaces and capitals.
        await connection.ExecuteAsync(
            "INSERT INTO outreach.prospects (ord, email, revenue) VALUES (13, @a, 100000), (14, @b, 9000000)",
            new { a = $"  {InSmb[0].ToUpperInvariant()} ", b = InSmb[1] });

        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__0__Name"] = "smb";
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__0__Campaign"] = Smb;
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__0__Where"] = "revenue < 1000000";
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__1__Name"] = "midsize";
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__1__Campaign"] = Midsize;
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__1__Where"] = "revenue >= 1000000";
    }

    /// <summary>Completed, bounced or unsubscribed leads without a reply in the two segment campaigns, from the fake's own records.</summary>
    protected List<string> DrainableLeads()
        => Harness.Fake.Workspace.Leads().Values.Select(json => JsonDocument.Parse(json).RootElement)
            .Where(l => l.TryGetProperty("campaign", out var c) && (c.GetString() == Smb || c.GetString() == Midsize))
            .Where(l => l.GetProperty("status").GetInt32() is 3 or -1 or -2)
            .Where(l => !(l.TryGetProperty("email_reply_count", out var r) && r.GetInt32() > 0) && !l.TryGetProperty("timestamp_last_reply", out _))
            .Select(l => l.GetProperty("id").GetString()!)
            .ToList();

    /// <summary>Every table of the product's schemas, counted and hashed.</summary>
    protected async Task<string> FingerprintAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_schema IN ('public', 'outreach') AND table_type = 'BASE TABLE' ORDER BY 1");
        var parts = new List<string>();
        foreach (var table in tables)
        {
            parts.Add(table + ":" + await connection.ExecuteScalarAsync<string>(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"));
        }

        return string.Join("\n", parts);
    }
}
