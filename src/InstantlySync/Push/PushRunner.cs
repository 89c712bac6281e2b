using System.Text.Json;
using Dapper;
using InstantlySync.Api;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;
using Serilog;

namespace InstantlySync.Push;

/// <summary>What one push run did, phase by phase.</summary>
internal sealed class PushCounts
{
    public int Drained { get; set; }
    public int DrainRecorded { get; set; }
    public int RepliedKept { get; set; }
    public int Unsubscribed { get; set; }
    public int Headroom { get; set; }
    public int Healed { get; set; }
    public Dictionary<string, int> Added { get; } = new(StringComparer.Ordinal);
    public int Rejected { get; set; }
    public IReadOnlyDictionary<string, int> Excluded { get; set; } = new Dictionary<string, int>();
    public int? RemainingInPlan { get; set; }
    public int Refreshed { get; set; }
    public int BlockListed { get; set; }
    public int Failures { get; set; }
}

/// <summary>How a push of one workspace ended.</summary>
internal sealed record PushOutcome(Guid BatchId, RunStatus Result, PushCounts Counts, string? Error)
{
    public string Status => RunStatuses.Stored(Result);
}

/// <summary>
/// One push of one workspace (README, "Keeping campaigns stocked: push"), under the workspace's run
/// lock with a <c>sync_batches</c> row of mode <c>push</c>. Every write to Instantly is recorded
/// before it is made, so a run stopped at any point is healed by the next:
/// <list type="bullet">
/// <item>Drain: each lead is written to <c>push_history</c> (raw JSON, final status) before the bulk
/// delete that carries it; a history row without <c>deleted_at</c> is deleted again by its id (never
/// a delete without ids, never a blind retry of one that may have happened).</item>
/// <item>Top-up: each lead is written to the outbox <c>push_leads</c> as <c>pending</c> before the
/// bulk add; a pending row is matched by email among the campaign's live leads, or sent again with
/// <c>skip_if_in_workspace</c>, so no lead is created twice.</item>
/// <item>Housekeeping: outbox rows follow what the last sync stored; new DNC entries go to the block list.</item>
/// </list>
/// </summary>
internal sealed class PushRunner(NpgsqlDataSource dataSource, InstantlyClient client, string schema, TimeProvider time, ILogger logger)
{
    public const string Mode = "push";

    private readonly ILogger _log = logger.ForContext<PushRunner>();

    public async Task<PushOutcome> RunAsync(
        Workspace workspace, string settingsPath, IReadOnlySet<string> phases, int? limit, CancellationToken cancellationToken)
    {
        var planner = new PushPlanner(dataSource, client, schema);
        var (source, _) = await planner.CheckAsync(workspace, settingsPath, cancellationToken);

        await using var run = await Run.BeginAsync(dataSource, workspace.Id, time, _log,
            new RunRecord(Mode, PushPhases.All.Where(phases.Contains).ToList()), dryRun: false, cancellationToken);
        var counts = new PushCounts();
        if (run.LockedOut)
        {
            var message = run.ReportLockedOut("a sync, import, transform or push of this workspace is running", "Push not started");
            return new PushOutcome(run.BatchId, RunStatus.Locked, counts, message);
        }

        var log = run.Log;
        log.Phase(LogPhases.Start, new { mode = Mode, phases = phases.ToArray(), limit })
            .Information("Push of workspace {Workspace}: {Phases}", workspace.Name, string.Join(", ", PushPhases.All.Where(phases.Contains)));
        var phase = PushPhases.Drain;
        Verdict verdict;
        try
        {
            var push = workspace.Settings.Push;
            var deadLetters = new DeadLetters(dataSource, workspace.Id);
            if (phases.Contains(PushPhases.Drain))
            {
                await DrainAsync(run, workspace, counts, cancellationToken);
                log.Phase(LogPhases.EntityEnd("drain"), new { drained = counts.Drained, recorded = counts.DrainRecorded, unsubscribed = counts.Unsubscribed, replied_kept = counts.RepliedKept })
                    .Information("Drained {Drained} lead(s), {Unsubscribed} unsubscribe(s) added to the DNC list, {RepliedKept} replied lead(s) kept",
                        counts.Drained, counts.Unsubscribed, counts.RepliedKept);
            }

            phase = PushPhases.TopUp;
            if (phases.Contains(PushPhases.TopUp))
            {
                await TopUpAsync(run, workspace, source, limit, counts, deadLetters, cancellationToken);
                log.Phase(LogPhases.EntityEnd("topup"), new { headroom = counts.Headroom, added = counts.Added, rejected = counts.Rejected, healed = counts.Healed, excluded = counts.Excluded, remaining_in_plan = counts.RemainingInPlan })
                    .Information("Added {Added} lead(s) (headroom {Headroom}), {Rejected} rejected, {Healed} left pending by an earlier run settled",
                        counts.Added.Values.Sum(), counts.Headroom, counts.Rejected, counts.Healed);
            }

            phase = PushPhases.Housekeeping;
            if (phases.Contains(PushPhases.Housekeeping))
            {
                await HousekeepingAsync(workspace, push.SyncBlockList, counts, cancellationToken);
                log.Phase(LogPhases.EntityEnd("housekeeping"), new { refreshed = counts.Refreshed, block_listed = counts.BlockListed })
                    .Information("{Refreshed} outbox row(s) moved on from the last sync, {BlockListed} DNC entr(ies) added to the block list",
                        counts.Refreshed, counts.BlockListed);
            }

            verdict = counts.Failures == 0
                ? new Verdict(RunStatus.Succeeded, null)
                : new Verdict(RunStatus.Partial, $"{counts.Failures} lead(s) could not be sent; see sync_dead_letters");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = new Verdict(RunStatus.Cancelled, $"cancelled in {phase}: what was recorded is healed by the next push");
        }
        catch (InstantlyApiException ex)
        {
            await RecordFailureAsync(run, workspace, phase, null, ex.Message, cancellationToken);
            verdict = new Verdict(ex.StopsRun ? RunStatus.Stopped : RunStatus.Failed, $"{phase}: {ex.Message}");
        }
        catch (NpgsqlException ex)
        {
            verdict = new Verdict(Database.IsConnectionFailure(ex) ? RunStatus.Stopped : RunStatus.Failed, $"{phase}: {Database.Describe(ex)}");
        }

        verdict = await run.FinishAsync(verdict, CountsJson(counts));
        var outcome = new PushOutcome(run.BatchId, verdict.Status, counts, verdict.Error);
        var end = log.Phase(outcome.Result == RunStatus.Cancelled ? LogPhases.Cancelled : LogPhases.End, new { status = outcome.Status, duration_ms = (long)run.Elapsed.TotalMilliseconds });
        if (outcome.Result == RunStatus.Succeeded)
        {
            end.Information("Push {Status} in {Seconds:0.0}s", outcome.Status, run.Elapsed.TotalSeconds);
        }
        else
        {
            end.Error("Push {Status}: {Reason}", outcome.Status, outcome.Error);
        }

        return outcome;
    }

    private async Task DrainAsync(Run run, Workspace workspace, PushCounts counts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // A run stopped between recording leads and their delete left them without deleted_at:
        // delete them again by their ids (the API counts those already gone as 0).
        var unconfirmed = (await connection.QueryAsync<(string Id, string Campaign)>(new CommandDefinition(
            $"SELECT instantly_lead_id, campaign_id FROM {schema}.push_history WHERE workspace_id = @ws AND deleted_at IS NULL ORDER BY drained_at, instantly_lead_id",
            new { ws = workspace.Id }, cancellationToken: cancellationToken))).ToList();
        foreach (var group in unconfirmed.GroupBy(u => u.Campaign))
        {
            await DeleteAsync(connection, group.Key, group.Select(g => g.Id).ToList(), counts, cancellationToken);
        }

        var push = workspace.Settings.Push with { MaxDrainPerRun = Math.Max(0, workspace.Settings.Push.MaxDrainPerRun - unconfirmed.Count) };
        var (leads, repliedKept) = push.MaxDrainPerRun == 0 ? ([], 0) : await DrainCandidates.ListAsync(client, push, cancellationToken);
        counts.RepliedKept = repliedKept;
        if (leads.Count == 0)
        {
            return;
        }

        // The record comes first: once it is committed, a delete that may or may not have happened is never lost.
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            counts.DrainRecorded += await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO {schema}.push_history (workspace_id, instantly_lead_id, email, campaign_id, final_status, raw_json, batch_id)
                SELECT @ws, l.id, l.email, l.campaign, l.status, l.raw::jsonb, @batch
                  FROM unnest(@ids, @emails, @campaigns, @statuses, @raws) AS l(id, email, campaign, status, raw)
                ON CONFLICT (workspace_id, instantly_lead_id) DO NOTHING
                """,
                new
                {
                    ws = workspace.Id, batch = run.BatchId,
                    ids = leads.Select(l => l.LeadId).ToArray(), emails = leads.Select(l => l.Email).ToArray(),
                    campaigns = leads.Select(l => l.CampaignId).ToArray(), statuses = leads.Select(l => l.FinalStatus).ToArray(),
                    raws = leads.Select(l => l.RawJson).ToArray(),
                }, transaction, cancellationToken: cancellationToken));
            counts.Unsubscribed += await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO {schema}.dnc (workspace_id, value, kind, source)
                SELECT DISTINCT @ws, e, 'email', 'unsubscribed' FROM unnest(@emails) AS e WHERE e IS NOT NULL
                ON CONFLICT (workspace_id, value) DO NOTHING
                """,
                new { ws = workspace.Id, emails = leads.Where(l => l.FinalStatus == DrainCandidates.Unsubscribed).Select(l => l.Email).ToArray() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var group in leads.GroupBy(l => l.CampaignId))
        {
            await DeleteAsync(connection, group.Key, group.Select(l => l.LeadId).ToList(), counts, cancellationToken);
        }
    }

    /// <summary>Deletes recorded leads by id (≤ 10,000 a call, limit = their count), then confirms them in the history and the outbox.</summary>
    private async Task DeleteAsync(NpgsqlConnection connection, string campaign, List<string> ids, PushCounts counts, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(InstantlyClient.MaxIdsPerDelete))
        {
            counts.Drained += await client.DeleteLeadsAsync(campaign, chunk, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"""
                WITH confirmed AS (
                    UPDATE {schema}.push_history SET deleted_at = now()
                     WHERE campaign_id = @campaign AND instantly_lead_id = ANY (@chunk) AND deleted_at IS NULL
                    RETURNING workspace_id, email, campaign_id)
                UPDATE {schema}.push_leads o SET state = 'drained', updated_at = now()
                  FROM confirmed c
                 WHERE o.workspace_id = c.workspace_id AND o.email = c.email AND o.campaign_id = c.campaign_id
                """, new { campaign, chunk }, cancellationToken: cancellationToken));
        }
    }

    private async Task TopUpAsync(Run run, Workspace workspace, PushSource source, int? limit, PushCounts counts, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var push = workspace.Settings.Push;
        var campaigns = push.Segments.Select(s => s.Campaign).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var live = new Dictionary<string, LiveLeads>(StringComparer.OrdinalIgnoreCase);
        foreach (var campaign in campaigns)
        {
            live[campaign] = await LiveLeads.ListAsync(client, campaign, cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var remaining = Math.Max(0, new[] { push.InventoryCap - live.Values.Sum(l => l.Count), push.NewLeadsPerRun, limit ?? int.MaxValue }.Min());

        // Rows an earlier run queued and never settled: live in their campaign means created (matched
        // by email); the others are sent again, skip_if_in_workspace keeping any already created from
        // being created twice.
        var pending = (await connection.QueryAsync<(string Email, string Campaign, string Lead)>(new CommandDefinition(
            $"SELECT email, campaign_id, lead::text FROM {schema}.push_leads WHERE workspace_id = @ws AND state = 'pending' ORDER BY created_at, email",
            new { ws = workspace.Id }, cancellationToken: cancellationToken))).ToList();
        foreach (var group in pending.GroupBy(p => p.Campaign, StringComparer.OrdinalIgnoreCase))
        {
            var ids = live.TryGetValue(group.Key, out var known) ? known.Ids : LiveLeads.None;
            var (found, resend) = (group.Where(p => ids.ContainsKey(p.Email)).ToList(), group.Where(p => !ids.ContainsKey(p.Email)).ToList());
            foreach (var row in found)
            {
                await SettleAsync(connection, workspace.Id, group.Key, row.Email, "active", ids[row.Email], null, cancellationToken);
            }

            counts.Healed += found.Count;
            foreach (var chunk in resend.Chunk(InstantlyClient.MaxLeadsPerAdd))
            {
                var sent = await SendAsync(connection, workspace.Id, group.Key, chunk.Select(c => (c.Email, c.Lead)).ToList(), counts, cancellationToken);
                counts.Healed += sent;
                remaining = Math.Max(0, remaining - sent);
            }
        }

        counts.Headroom = remaining;
        if (counts.RemainingInPlan is { } plan)
        {
            remaining = Math.Min(remaining, plan);
        }

        var liveEmails = live.Values.SelectMany(l => l.Ids.Keys).ToHashSet(StringComparer.Ordinal);
        var pool = await LeadPool.ReadAsync(connection, schema, source, push, workspace.Id, liveEmails, remaining, cancellationToken);
        counts.Excluded = pool.Excluded;
        foreach (var segment in pool.First.GroupBy(c => c.Segment).OrderBy(g => g.Key))
        {
            var campaign = push.Segments[segment.Key].Campaign;
            foreach (var chunk in segment.Chunk(InstantlyClient.MaxLeadsPerAdd))
            {
                // The plan's quota, once an answer told it, caps the rest of the run.
                var batch = chunk.Take(counts.RemainingInPlan ?? int.MaxValue).ToList();
                if (batch.Count == 0)
                {
                    return;
                }

                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    await connection.ExecuteAsync(new CommandDefinition($"""
                        INSERT INTO {schema}.push_leads (workspace_id, email, campaign_id, segment, state, lead, batch_id)
                        SELECT @ws, l.email, @campaign, @segment, 'pending', l.lead::jsonb, @batch FROM unnest(@emails, @leads) AS l(email, lead)
                        ON CONFLICT (workspace_id, email, campaign_id) DO UPDATE
                           SET state = 'pending', segment = EXCLUDED.segment, lead = EXCLUDED.lead, batch_id = EXCLUDED.batch_id,
                               instantly_lead_id = NULL, reason = NULL, updated_at = now()
                        """,
                        new
                        {
                            ws = workspace.Id, campaign, segment = push.Segments[segment.Key].Name, batch = run.BatchId,
                            emails = batch.Select(c => c.Email).ToArray(), leads = batch.Select(c => c.LeadJson).ToArray(),
                        }, transaction, cancellationToken: cancellationToken));
                    await transaction.CommitAsync(cancellationToken);
                }

                try
                {
                    var created = await SendAsync(connection, workspace.Id, campaign, batch.Select(c => (c.Email, c.LeadJson)).ToList(), counts, cancellationToken);
                    counts.Added[push.Segments[segment.Key].Name] = counts.Added.GetValueOrDefault(push.Segments[segment.Key].Name) + created;
                }
                catch (InstantlyApiException ex) when (!ex.StopsRun)
                {
                    // The rows stay pending: the next push matches or re-sends them.
                    counts.Failures += batch.Count;
                    foreach (var lead in batch)
                    {
                        await deadLetters.RecordAsync(new DeadLetter(run.BatchId, "push_topup", lead.Email, ex.StatusCode, ex.Message, lead.LeadJson), cancellationToken);
                    }

                    throw;
                }
            }
        }
    }

    /// <summary>One bulk add of outbox rows; settles each by the answer. Returns how many were created.</summary>
    private async Task<int> SendAsync(
        NpgsqlConnection connection, string workspaceId, string campaign, List<(string Email, string Lead)> batch, PushCounts counts, CancellationToken cancellationToken)
    {
        var answer = await client.AddLeadsAsync(campaign, batch.Select(b => b.Lead).ToList(), cancellationToken);
        var created = new Dictionary<int, string>();
        if (answer.TryGetProperty("created_leads", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty("index", out var index) && index.TryGetInt32(out var at) && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    created[at] = id.GetString()!;
                }
            }
        }

        if (answer.TryGetProperty("remaining_in_plan", out var plan) && plan.TryGetInt32(out var left))
        {
            counts.RemainingInPlan = left;
        }

        var reason = Reason(answer);
        await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE {schema}.push_leads o
               SET state = CASE WHEN s.id IS NULL THEN 'rejected' ELSE 'active' END, instantly_lead_id = s.id,
                   reason = CASE WHEN s.id IS NULL THEN @reason END, sent_at = now(), updated_at = now()
              FROM unnest(@emails, @ids) AS s(email, id)
             WHERE o.workspace_id = @workspaceId AND o.campaign_id = @campaign AND o.email = s.email AND o.state = 'pending'
            """,
            new
            {
                workspaceId, campaign, reason,
                emails = batch.Select(b => b.Email).ToArray(),
                ids = batch.Select((_, i) => created.GetValueOrDefault(i)).ToArray(),
            }, cancellationToken: cancellationToken));

        counts.Rejected += batch.Count - created.Count;
        return created.Count;
    }

    private async Task SettleAsync(NpgsqlConnection connection, string workspaceId, string campaign, string email, string state, string? id, string? reason, CancellationToken cancellationToken)
        => await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE {schema}.push_leads SET state = @state, instantly_lead_id = @id, reason = @reason, sent_at = now(), updated_at = now()
             WHERE workspace_id = @workspaceId AND email = @email AND campaign_id = @campaign AND state = 'pending'
            """, new { workspaceId, campaign, email, state, id, reason }, cancellationToken: cancellationToken));

    /// <summary>The answer's counters, as the reason a lead it did not create was rejected (the API does not itemise them).</summary>
    private static string Reason(JsonElement answer)
    {
        string[] counters = ["duplicated_leads", "skipped_count", "in_blocklist", "invalid_email_count", "duplicate_email_count", "incomplete_count"];
        var parts = counters.Select(c => (c, answer.TryGetProperty(c, out var v) && v.TryGetInt32(out var n) ? n : 0)).Where(p => p.Item2 > 0);
        return "not created; the answer counted " + string.Join(", ", parts.Select(p => $"{p.c} {p.Item2}").DefaultIfEmpty("nothing else"));
    }

    private async Task HousekeepingAsync(Workspace workspace, bool syncBlockList, PushCounts counts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        counts.Refreshed = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE {schema}.push_leads o
               SET state = CASE r.lead_status WHEN 3 THEN 'completed' WHEN -1 THEN 'bounced' ELSE 'unsubscribed' END, updated_at = now()
              FROM instantly_leads_raw r
             WHERE r.workspace_id = o.workspace_id AND r.instantly_lead_id = o.instantly_lead_id
               AND o.workspace_id = @ws AND o.state = 'active' AND r.lead_status IN (3, -1, -2)
            """, new { ws = workspace.Id }, cancellationToken: cancellationToken));
        if (!syncBlockList)
        {
            return;
        }

        var values = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT DISTINCT lower(btrim(value)) FROM {schema}.dnc WHERE workspace_id = @ws AND block_listed_at IS NULL ORDER BY 1",
            new { ws = workspace.Id }, cancellationToken: cancellationToken))).ToList();
        foreach (var chunk in values.Chunk(InstantlyClient.MaxBlockListValues))
        {
            await client.CreateBlockListEntriesAsync(chunk, cancellationToken);
            counts.BlockListed += await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {schema}.dnc SET block_listed_at = now() WHERE workspace_id = @ws AND block_listed_at IS NULL AND lower(btrim(value)) = ANY (@chunk)",
                new { ws = workspace.Id, chunk }, cancellationToken: cancellationToken));
        }
    }

    private async Task RecordFailureAsync(Run run, Workspace workspace, string phase, string? email, string error, CancellationToken cancellationToken)
    {
        try
        {
            await new DeadLetters(dataSource, workspace.Id).RecordAsync(new DeadLetter(run.BatchId, $"push_{phase}", email, null, error, null), cancellationToken);
        }
        catch (NpgsqlException)
        {
            // The failure is in the batch row and the logs; the database may be what failed.
        }
    }

    /// <summary>sync_batches.counts: one object per phase.</summary>
    private static string CountsJson(PushCounts c) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["drain"] = new { drained = c.Drained, recorded = c.DrainRecorded, unsubscribed = c.Unsubscribed, replied_kept = c.RepliedKept },
        ["topup"] = new { headroom = c.Headroom, added = c.Added, rejected = c.Rejected, healed = c.Healed, excluded = c.Excluded, remaining_in_plan = c.RemainingInPlan, failed = c.Failures },
        ["housekeeping"] = new { refreshed = c.Refreshed, block_listed = c.BlockListed },
    });
}
