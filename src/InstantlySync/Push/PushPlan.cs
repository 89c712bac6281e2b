namespace InstantlySync.Push;

/// <summary>The push's phases, in the order they run.</summary>
internal static class PushPhases
{
    public const string Drain = "drain";
    public const string TopUp = "topup";
    public const string Housekeeping = "housekeeping";

    public static readonly string[] All = [Drain, TopUp, Housekeeping];

    /// <summary>The phases a <c>--phases</c> list names, in run order; null with the reason when it names something else.</summary>
    public static (IReadOnlySet<string>? Phases, string? Problem) Parse(string? list)
    {
        if (list is null)
        {
            return (All.ToHashSet(StringComparer.Ordinal), null);
        }

        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.FirstOrDefault(n => !All.Contains(n, StringComparer.Ordinal));
        if (unknown is not null || names.Length == 0)
        {
            return (null, $"--phases takes a comma list of {string.Join(", ", All)} (got '{list}')");
        }

        return (names.ToHashSet(StringComparer.Ordinal), null);
    }
}

/// <summary>One segment campaign in the plan: its live leads, the drains and the additions planned for it.</summary>
internal sealed record CampaignPlan(string CampaignId, string? Name, IReadOnlyList<string> Segments, int? LiveLeads, IReadOnlyDictionary<string, int> Drains, int Additions);

/// <summary>
/// What one push would do in one workspace, phase by phase. The dry run prints it and stops; the
/// figures are those the run would start from.
/// </summary>
internal sealed record PushPlan(
    string Workspace,
    string WorkspaceId,
    IReadOnlySet<string> Phases,
    IReadOnlyList<CampaignPlan> Campaigns,
    int Drains,
    int RepliedKept,
    int? LiveInventory,
    int InventoryCap,
    int NewLeadsPerRun,
    int? Limit,
    int Headroom,
    TopUpCandidates? TopUp,
    int? BlockListPending)
{
    /// <summary>The inventory once the drains and the additions are done.</summary>
    public int? InventoryAfter => LiveInventory is { } live ? live - Drains + (TopUp?.First.Count ?? 0) : null;

    public async Task WriteAsync(TextWriter output, bool dryRun)
    {
        await output.WriteLineAsync($"Push plan for workspace {Workspace} ({WorkspaceId}){(dryRun ? " - dry run: nothing is written to Instantly or the database" : "")}");
        if (Phases.Contains(PushPhases.Drain))
        {
            await output.WriteLineAsync($"  drain: {Drains:N0} lead(s) to delete (kept because they replied: {RepliedKept:N0})");
            foreach (var campaign in Campaigns)
            {
                var drains = string.Join(", ", DrainCandidates.Order.Where(campaign.Drains.ContainsKey).Select(s => $"{s} {campaign.Drains[s]:N0}"));
                await output.WriteLineAsync($"    {Label(campaign)}: {(drains.Length == 0 ? "nothing to drain" : drains)}");
            }
        }

        if (Phases.Contains(PushPhases.TopUp) && TopUp is { } topUp)
        {
            var limit = Limit is { } l ? $", --limit {l:N0}" : "";
            await output.WriteLineAsync(
                $"  top-up: headroom {Headroom:N0} = min(cap {InventoryCap:N0} - live {LiveInventory:N0}{(Phases.Contains(PushPhases.Drain) ? $" + drained {Drains:N0}" : "")}, " +
                $"new leads per run {NewLeadsPerRun:N0}{limit}); {topUp.EligibleCount:N0} eligible, {topUp.First.Count:N0} to add");
            foreach (var campaign in Campaigns)
            {
                await output.WriteLineAsync($"    {Label(campaign)}: live {campaign.LiveLeads:N0}, add {campaign.Additions:N0}");
            }

            var excluded = string.Join(", ", LeadPool.Reasons.Select(r => $"{r} {topUp.Excluded.GetValueOrDefault(r):N0}"));
            await output.WriteLineAsync($"    excluded: {excluded}");
            await output.WriteLineAsync($"    inventory after: {InventoryAfter:N0} of cap {InventoryCap:N0}");
        }

        if (Phases.Contains(PushPhases.Housekeeping))
        {
            await output.WriteLineAsync(BlockListPending is { } pending
                ? $"  housekeeping: refresh the outbox from the last sync; {pending:N0} DNC entr{(pending == 1 ? "y" : "ies")} to add to Instantly's block list"
                : "  housekeeping: refresh the outbox from the last sync; the block list is not synced (Push:SyncBlockList false)");
        }
    }

    private static string Label(CampaignPlan campaign)
        => $"{string.Join("+", campaign.Segments)} -> {campaign.Name ?? "(unnamed)"} ({campaign.CampaignId})";
}
