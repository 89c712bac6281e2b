using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>
/// A campaign step × variant row from GET /campaigns/analytics/steps?campaign_id= (a sequence
/// position, not a log phase). Step and variant are strings, or NULL when the API cannot
/// attribute a send; both are kept as text. Table: migrations/0005_steps.sql.
/// </summary>
internal static class Steps
{
    public static Entity Entity { get; } = new(
        "steps", "steps", "instantly_steps_raw",
        [
            Text("instantly_campaign_id", s => string.IsNullOrWhiteSpace(s.CampaignId)
                ? throw new ArgumentException("A step row belongs to the campaign it was requested for", nameof(s))
                : s.CampaignId, nullable: false),
            Text("step", s => OptionalKey(s.Json, "step", "steps")),
            Text("variant", s => OptionalKey(s.Json, "variant", "steps")),
        ],
        AnalyticsMetrics.Fields)
    {
        Reading = Reading.LifetimePerCampaign,
        ImportKeys = [new("steps_analytics", PerCampaign: true)],
        KeyProperty = null,
    };
}
