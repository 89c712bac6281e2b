using System.Text.Json;
using Dapper;
using InstantlySync.Cli;

namespace InstantlySync.IntegrationTests.Push;

/// <summary>
/// README, "Keeping campaigns stocked: push": a real push against the fake over HTTP and a real
/// database — exactly the eligible people created in their segment's campaign, finished leads
/// drained with their history recorded first, unsubscribes on the DNC list and the DNC list on
/// Instantly's block list; a second push creates nothing; work an interrupted push left is healed
/// without creating any lead twice.
/// </summary>
public sealed class PushRunTests : PushTest
{
    [Fact]
    public async Task A_push_drains_finished_leads_tops_up_each_segment_and_mirrors_the_dnc_list()
    {
        var drainable = DrainableLeads();
        var unsubscribed = UnsubscribedEmails(drainable);

        var run = await Harness.RunAsync(["push"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        Assert.Equal(
            [("ann@small.example", Smb), ("bob@big.example", Midsize), ("cat@small.example", Smb), ("dan@big.example", Midsize), ("old@cooled.example", Smb)],
            PushedLeads().Select(l => (l.Email, l.Campaign)).Order().ToList());

        // Drained: gone from Instantly, recorded first with their raw JSON and final status.
        var leads = Harness.Fake.Workspace.Leads();
        Assert.DoesNotContain(drainable, leads.ContainsKey);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var history = (await connection.QueryAsync<(string Id, string Status, bool Deleted, string Raw)>(
            "SELECT instantly_lead_id, final_status, deleted_at IS NOT NULL, raw_json::text FROM outreach.push_history WHERE batch_id IS NOT NULL AND instantly_lead_id NOT LIKE 'lead-%'")).ToList();
        Assert.Equal(drainable.Order().ToList(), history.Select(h => h.Id).Order().ToList());
        Assert.All(history, h => Assert.True(h.Deleted));
        Assert.All(history, h => Assert.Equal(h.Id, JsonDocument.Parse(h.Raw).RootElement.GetProperty("id").GetString()));

        // Unsubscribes join the DNC list, and the whole DNC list reaches the block list.
        var dnc = (await connection.QueryAsync<string>("SELECT value FROM outreach.dnc ORDER BY 1")).ToList();
        Assert.Superset(unsubscribed.ToHashSet(), dnc.ToHashSet());
        Assert.Equal(dnc, Harness.Fake.Workspace.BlockList().Order().ToList());
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.dnc WHERE block_listed_at IS NULL"));

        // The outbox holds each created lead, active, with its Instantly id.
        var outbox = (await connection.QueryAsync<(string Email, string State, string? Id)>(
            "SELECT email, state, instantly_lead_id FROM outreach.push_leads ORDER BY email")).ToList();
        Assert.Equal(PushedLeads().Select(l => (l.Email, "active", (string?)l.Id)).OrderBy(l => l.Email).ToList(), outbox);
        var (status, counts) = await Harness.LastBatchAsync();
        Assert.Equal("succeeded", status);
        Assert.Equal(drainable.Count, counts.GetProperty("drain").GetProperty("drained").GetInt32());
    }

    [Fact]
    public async Task A_second_push_creates_nothing_and_no_campaign_holds_an_email_twice()
    {
        var first = await Harness.RunAsync(["push"]);
        var adds = Harness.Fake.Stats.RequestsTo("/api/v2/leads/add");

        var second = await Harness.RunAsync(["push"]);

        Assert.True(first.ExitCode == ExitCodes.Success && second.ExitCode == ExitCodes.Success, first.All + second.All);
        Assert.Equal(adds, Harness.Fake.Stats.RequestsTo("/api/v2/leads/add"));
        Assert.Contains("added 0,", second.Out, StringComparison.Ordinal);
        Assert.Empty(DuplicateEmailsInCampaigns());
    }

    [Fact]
    public async Task Work_a_stopped_push_left_is_healed_without_creating_a_lead_twice()
    {
        var first = await Harness.RunAsync(["push", "--phases", "topup"]);
        Assert.True(first.ExitCode == ExitCodes.Success, first.All);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        // As if the run had stopped after the API created ann but before her row was settled, and
        // before it sent a new person at all; and a drain recorded whose delete never went out.
        var finished = DrainableLeads()[0];
        await connection.ExecuteAsync("""
            UPDATE outreach.push_leads SET state = 'pending', instantly_lead_id = NULL WHERE email = 'ann@small.example';
            INSERT INTO outreach.push_leads (workspace_id, email, campaign_id, segment, state, lead, batch_id)
            VALUES (@ws, 'eve@late.example', @smb, 'smb', 'pending', '{"email":"eve@late.example","custom_variables":{}}', gen_random_uuid());
            INSERT INTO outreach.push_history (workspace_id, instantly_lead_id, email, campaign_id, final_status, raw_json, batch_id)
            VALUES (@ws, @finished, NULL, @campaign, 'completed', '{}', gen_random_uuid());
            """, new { ws = WorkspaceId, smb = Smb, finished, campaign = Campaign(finished) });

        var second = await Harness.RunAsync(["push"]);

        Assert.True(second.ExitCode == ExitCodes.Success, second.All);
        Assert.Empty(DuplicateEmailsInCampaigns());
        Assert.Single(PushedLeads(), l => l.Email == "ann@small.example");
        Assert.Single(PushedLeads(), l => l.Email == "eve@late.example");
        Assert.False(Harness.Fake.Workspace.Leads().ContainsKey(finished));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.push_leads WHERE state = 'pending'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.push_history WHERE deleted_at IS NULL AND instantly_lead_id NOT LIKE 'lead-%'"));
        var ann = await connection.QuerySingleAsync<(string State, string Id)>("SELECT state, instantly_lead_id FROM outreach.push_leads WHERE email = 'ann@small.example'");
        Assert.Equal(("active", PushedLeads().Single(l => l.Email == "ann@small.example").Id), ann);
    }

    [Fact]
    public async Task A_delete_that_took_effect_but_answered_500_is_not_retried_blind_and_the_next_push_confirms_it()
    {
        var drainable = DrainableLeads();
        Assert.NotEmpty(drainable);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        // The pool's cooldown rows stand for drains confirmed long ago, so the first DELETE is this run's own.
        await connection.ExecuteAsync("UPDATE outreach.push_history SET deleted_at = drained_at WHERE instantly_lead_id LIKE 'lead-%'");
        Harness.Fake.UpdateFaults(f => f with { ErrorAfterWrite = ["DELETE /leads"] });
        var deletesBefore = Harness.Fake.Stats.RequestsTo("/api/v2/leads");

        var failed = await Harness.RunAsync(["push", "--phases", "drain"]);

        // One DELETE went out and was not sent again: the server may have done it, so a retry is blind.
        Assert.True(failed.ExitCode == ExitCodes.PartialFailure, failed.All);
        Assert.Equal(deletesBefore + 1, Harness.Fake.Stats.RequestsTo("/api/v2/leads"));
        Assert.Equal(1, Harness.Fake.Stats.FaultsByKind.GetValueOrDefault("error_after_write"));
        var unconfirmed = (await connection.QueryAsync<string>(
            "SELECT instantly_lead_id FROM outreach.push_history WHERE deleted_at IS NULL AND instantly_lead_id NOT LIKE 'lead-%'")).ToList();
        Assert.Equal(drainable.Order().ToList(), unconfirmed.Order().ToList());
        Assert.Contains(drainable, id => !Harness.Fake.Workspace.Leads().ContainsKey(id));
        var (status, _) = await Harness.LastBatchAsync();
        Assert.Equal("failed", status);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM sync_dead_letters WHERE entity = 'push_drain' AND error LIKE '%500%'"));

        Harness.Fake.UpdateFaults(f => f with { ErrorAfterWrite = [] });
        var next = await Harness.RunAsync(["push"]);

        // The recorded drains are deleted again by their ids (gone already: the API counts them as 0) and confirmed.
        Assert.True(next.ExitCode == ExitCodes.Success, next.All);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outreach.push_history WHERE deleted_at IS NULL AND instantly_lead_id NOT LIKE 'lead-%'"));
        Assert.DoesNotContain(drainable, Harness.Fake.Workspace.Leads().ContainsKey);
        Assert.Empty(DuplicateEmailsInCampaigns());
    }

    [Fact]
    public async Task A_person_instantly_skips_is_rejected_with_the_answers_counters_and_not_retried()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        // In the workspace, but in a campaign no segment uses: eligible here, skipped by skip_if_in_workspace there.
        var elsewhere = await connection.ExecuteScalarAsync<string>(
            """
            SELECT lower(btrim(email)) FROM instantly_leads_raw WHERE instantly_campaign_id NOT IN (@Smb, @Midsize) AND btrim(email) <> ''
            EXCEPT SELECT lower(btrim(email)) FROM instantly_leads_raw WHERE instantly_campaign_id IN (@Smb, @Midsize) AND email IS NOT NULL
            ORDER BY 1 LIMIT 1
            """,
            new { Smb, Midsize });
        await connection.ExecuteAsync("INSERT INTO outreach.prospects (ord, email, revenue) VALUES (0, @elsewhere, 100000)", new { elsewhere });

        var first = await Harness.RunAsync(["push", "--phases", "topup"]);
        var second = await Harness.RunAsync(["push", "--phases", "topup"]);

        Assert.True(first.ExitCode == ExitCodes.Success && second.ExitCode == ExitCodes.Success, first.All + second.All);
        var row = await connection.QuerySingleAsync<(string State, string? Id, string Reason)>(
            "SELECT state, instantly_lead_id, reason FROM outreach.push_leads WHERE email = @elsewhere", new { elsewhere });
        Assert.Equal(("rejected", (string?)null), (row.State, row.Id));
        Assert.Contains("skipped_count 1", row.Reason, StringComparison.Ordinal);
        Assert.Contains("rejected 1", first.Out, StringComparison.Ordinal);
        Assert.Contains("rejected 0", second.Out, StringComparison.Ordinal);
        Assert.Contains("rejected 1, duplicate", second.Out, StringComparison.Ordinal);
    }

    /// <summary>The domains of the pool's people (none of them generated by the fake).</summary>
    private static readonly HashSet<string> PoolDomains = ["small.example", "big.example", "cooled.example", "late.example", "blocked.example", "unsegmented.example"];

    /// <summary>Leads in the fake that the push created: address, campaign, id.</summary>
    private List<(string Email, string Campaign, string Id)> PushedLeads()
        => Harness.Fake.Workspace.Leads().Values.Select(json => JsonDocument.Parse(json).RootElement)
            .Where(l => l.TryGetProperty("email", out var e) && PoolDomains.Contains(e.GetString()!.Split('@')[^1]))
            .Select(l => (l.GetProperty("email").GetString()!, l.GetProperty("campaign").GetString()!, l.GetProperty("id").GetString()!))
            .ToList();

    private string Campaign(string leadId)
        => JsonDocument.Parse(Harness.Fake.Workspace.Leads()[leadId]).RootElement.GetProperty("campaign").GetString()!;

    private List<string> UnsubscribedEmails(List<string> leadIds)
    {
        var leads = Harness.Fake.Workspace.Leads();
        return leadIds.Select(id => JsonDocument.Parse(leads[id]).RootElement)
            .Where(l => l.GetProperty("status").GetInt32() == -2 && l.TryGetProperty("email", out var e) && !string.IsNullOrWhiteSpace(e.GetString()))
            .Select(l => l.GetProperty("email").GetString()!.Trim().ToLowerInvariant())
            .ToList();
    }

    /// <summary>Addresses (trimmed, lower case) that occur more than once in one campaign.</summary>
    private List<string> DuplicateEmailsInCampaigns()
        => Harness.Fake.Workspace.Leads().Values.Select(json => JsonDocument.Parse(json).RootElement)
            .Where(l => l.TryGetProperty("campaign", out _) && l.TryGetProperty("email", out var e) && !string.IsNullOrWhiteSpace(e.GetString()))
            .GroupBy(l => (l.GetProperty("campaign").GetString(), l.GetProperty("email").GetString()!.Trim().ToLowerInvariant()))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key.Item2)
            .ToList();
}
