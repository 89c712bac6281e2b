using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// What the API serves for one workspace, as the JSON text of each record: the oracle's only input.
/// Analytics are keyed by campaign id; a campaign that never sent has no lifetime row.
/// </summary>
public sealed record ModelInput
{
    public string WorkspaceId { get; init; } = "";
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public IReadOnlyDictionary<string, string> CampaignAnalytics { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DailyAnalytics { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> StepAnalytics { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<string> Leads { get; init; } = [];
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>
    /// Everything one fake workspace serves now, over the lifetime windows a full sync reads: the
    /// campaign totals and daily rows from the earliest campaign's creation, steps per campaign.
    /// </summary>
    public static ModelInput From(FakeWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var campaigns = workspace.Campaigns();
        var analytics = new Dictionary<string, string>(StringComparer.Ordinal);
        var daily = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var steps = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var id in campaigns.Keys)
        {
            if (workspace.CampaignAnalytics(id) is { } totals)
            {
                analytics[id] = totals;
            }

            daily[id] = [.. workspace.DailyAnalytics(id).Values];
            steps[id] = [.. workspace.StepAnalytics(id).Values];
        }

        return new ModelInput
        {
            WorkspaceId = workspace.WorkspaceId,
            Campaigns = [.. campaigns.Values],
            CampaignAnalytics = analytics,
            DailyAnalytics = daily,
            StepAnalytics = steps,
            Leads = [.. workspace.Leads().Values],
            Emails = [.. workspace.Emails().Values],
        };
    }
}
