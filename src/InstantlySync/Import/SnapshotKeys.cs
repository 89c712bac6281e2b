using System.Diagnostics.CodeAnalysis;
using InstantlySync.Sync;

namespace InstantlySync.Import;

/// <summary>
/// A top-level key of a snapshot: the entity its records become, and whether its value may be
/// keyed by campaign id (the per-campaign analytics endpoints have no campaign column).
/// </summary>
internal sealed record SnapshotKey(string Name, string Entity, bool PerCampaign = false);

/// <summary>The keys written by the earlier Python collector (SPEC section 8).</summary>
internal static class SnapshotKeys
{
    public const string CampaignsOverview = "campaigns_overview";
    public const string CampaignsDetailed = "campaigns_detailed";
    public const string CampaignsWithRealMetrics = "campaigns_with_real_metrics";
    public const string DailyAnalyticsAll = "daily_analytics_all";
    public const string DailyAnalyticsByCampaign = "daily_analytics_by_campaign";
    public const string StepsAnalytics = "steps_analytics";
    public const string Accounts = "accounts";
    public const string EmailsSample = "emails_sample";

    public static IReadOnlyList<SnapshotKey> All { get; } =
    [
        new(CampaignsOverview, Entities.Campaigns),
        new(CampaignsDetailed, Entities.Campaigns),
        new(CampaignsWithRealMetrics, Entities.Campaigns),
        new(DailyAnalyticsAll, Entities.DailyAnalytics),
        new(DailyAnalyticsByCampaign, Entities.DailyAnalytics, PerCampaign: true),
        new(StepsAnalytics, Entities.Steps, PerCampaign: true),
        new(Accounts, Entities.Accounts),
        new(EmailsSample, Entities.Emails),
    ];

    public static bool TryFind(string name, [NotNullWhen(true)] out SnapshotKey? key)
    {
        key = All.FirstOrDefault(k => k.Name == name);
        return key is not null;
    }
}
