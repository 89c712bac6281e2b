using System.Text.Json;
using InstantlySync.Api;
using InstantlySync.Workspaces;
using Npgsql;

using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Push;

/// <summary>A push setting or source that cannot be used: one line naming it (exit 3), found before anything is written.</summary>
internal sealed class PushSetupException(string message) : Exception(message);

/// <summary>
/// Works out what a push of one workspace would do, reading only: the lead pool and the push
/// tables from the database, the campaigns, their drainable leads and their live inventory from the
/// API. Checks first, in this order: the source view, every segment's predicate, every segment's
/// campaign in this workspace.
/// </summary>
internal sealed class PushPlanner(NpgsqlDataSource dataSource, InstantlyClient client, string modelsSchema)
{
    /// <summary>
    /// The checks a push makes before anything else: the source view and every predicate, then
    /// every segment's campaign in this workspace. Returns the source and the campaigns' names by id.
    /// </summary>
    /// <exception cref="PushSetupException">One line naming the setting that cannot be used.</exception>
    public async Task<(PushSource Source, Dictionary<string, string?> Campaigns)> CheckAsync(
        Workspace workspace, string settingsPath, CancellationToken cancellationToken)
    {
        var push = workspace.Settings.Push;
        PushSource? source;
        string? problem;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            (source, problem) = await PushSource.CheckAsync(connection, push, settingsPath, cancellationToken);
        }

        if (source is null)
        {
            throw new PushSetupException(problem!);
        }

        var names = await CampaignNamesAsync(cancellationToken);
        for (var i = 0; i < push.Segments.Count; i++)
        {
            if (!names.ContainsKey(push.Segments[i].Campaign))
            {
                throw new PushSetupException(
                    $"{settingsPath}:Segments:{i} ({push.Segments[i].Name}): campaign {push.Segments[i].Campaign} is not in workspace {workspace.Name}");
            }
        }

        return (source, names);
    }

    public async Task<PushPlan> PlanAsync(
        Workspace workspace, string settingsPath, IReadOnlySet<string> phases, int? limit, CancellationToken cancellationToken)
    {
        var push = workspace.Settings.Push;
        var (source, names) = await CheckAsync(workspace, settingsPath, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        var campaigns = push.Segments.Select(s => s.Campaign).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var drains = new List<DrainCandidate>();
        var repliedKept = 0;
        if (phases.Contains(PushPhases.Drain))
        {
            (drains, repliedKept) = await DrainCandidates.ListAsync(client, push, cancellationToken);
        }

        TopUpCandidates? topUp = null;
        Dictionary<string, LiveLeads>? live = null;
        var headroom = 0;
        if (phases.Contains(PushPhases.TopUp))
        {
            live = [];
            foreach (var campaign in campaigns)
            {
                live[campaign] = await LiveLeads.ListAsync(client, campaign, cancellationToken);
            }

            // The drains run first: what they delete frees room in the same run.
            var inventory = live.Values.Sum(l => l.Count) - drains.Count;
            headroom = Math.Max(0, new[] { push.InventoryCap - inventory, push.NewLeadsPerRun, limit ?? int.MaxValue }.Min());
            var liveEmails = live.Values.SelectMany(l => l.Ids.Keys).ToHashSet(StringComparer.Ordinal);
            topUp = await LeadPool.ReadAsync(connection, modelsSchema, source, push, workspace.Id, liveEmails, headroom, cancellationToken);
        }

        int? blockListPending = null;
        if (phases.Contains(PushPhases.Housekeeping) && push.SyncBlockList)
        {
            await using var pending = new NpgsqlCommand(
                $"SELECT count(*)::int FROM {modelsSchema}.dnc WHERE workspace_id = $1 AND block_listed_at IS NULL", connection);
            pending.Parameters.AddWithValue(workspace.Id);
            blockListPending = (int)(await pending.ExecuteScalarAsync(cancellationToken))!;
        }

        var plans = campaigns.Select(campaign => new CampaignPlan(
            campaign,
            names.GetValueOrDefault(campaign),
            push.Segments.Where(s => string.Equals(s.Campaign, campaign, StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).ToList(),
            live?.GetValueOrDefault(campaign)?.Count,
            drains.Where(d => d.CampaignId == campaign).GroupBy(d => d.FinalStatus).ToDictionary(g => g.Key, g => g.Count()),
            topUp?.First.Count(c => string.Equals(push.Segments[c.Segment].Campaign, campaign, StringComparison.OrdinalIgnoreCase)) ?? 0)).ToList();
        return new PushPlan(workspace.Name, workspace.Id, phases, plans, drains.Count, repliedKept,
            live?.Values.Sum(l => l.Count), push.InventoryCap, push.NewLeadsPerRun, limit, headroom, topUp, blockListPending);
    }

    /// <summary>Every campaign of the workspace by id (GET /campaigns), with its name.</summary>
    private async Task<Dictionary<string, string?>> CampaignNamesAsync(CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        await foreach (var page in client.ListCampaignsAsync(cancellationToken))
        {
            foreach (var campaign in page.Items.Where(c => c.ValueKind == JsonValueKind.Object))
            {
                if (Text(campaign, "id") is { } id)
                {
                    names[id] = Text(campaign, "name");
                }
            }
        }

        return names;
    }
}
