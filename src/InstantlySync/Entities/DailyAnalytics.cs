using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>
/// A day from GET /campaigns/analytics/daily, for one campaign or (campaign NULL) the whole
/// workspace; the campaign is the one the request was made for. Table: migrations/0004_daily_analytics.sql.
/// </summary>
internal static class DailyAnalytics
{
    public static Entity Entity { get; } = new(
        "daily_analytics", "daily_analytics", "instantly_daily_analytics_raw",
        [
            // The date is part of the key: without it the row cannot be placed.
            Date("analytics_date", d => Date(d.Json, "date")
                ?? throw new TransformException("daily_analytics item has no valid \"date\" (YYYY-MM-DD)")),
            Text("instantly_campaign_id", d => string.IsNullOrWhiteSpace(d.CampaignId) ? null : d.CampaignId),
        ],
        AnalyticsMetrics.Fields)
    {
        Reading = Reading.DailyPerCampaign,
        Windowed = true,
        ImportKeys = [new("daily_analytics_all"), new("daily_analytics_by_campaign", PerCampaign: true)],
        KeyProperty = null,
    };
}
