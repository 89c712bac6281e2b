using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>A day from GET /campaigns/analytics/daily, for one campaign or (campaign NULL) the whole workspace.</summary>
internal static class DailyAnalyticsTransformer
{
    public static RawRow Transform(JsonElement day, string? campaignId)
    {
        RequireObject(day, "daily_analytics");
        // The date is part of the key: without it the row cannot be placed.
        var date = Date(day, "date")
            ?? throw new TransformException("daily_analytics item has no valid \"date\" (YYYY-MM-DD)");
        var campaign = string.IsNullOrWhiteSpace(campaignId) ? null : campaignId;
        return new RawRow([date, campaign], AnalyticsMetrics.Read(day), day.GetRawText());
    }
}
