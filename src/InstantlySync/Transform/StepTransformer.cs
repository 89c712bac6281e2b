using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>
/// A step × variant row from GET /campaigns/analytics/steps?campaign_id=. Step and variant are
/// strings, or NULL when the API cannot attribute a send; both are kept as text.
/// </summary>
internal static class StepTransformer
{
    public static RawRow Transform(JsonElement step, string campaignId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        RequireObject(step, "steps");
        object?[] key = [campaignId, OptionalKey(step, "step", "steps"), OptionalKey(step, "variant", "steps")];
        return new RawRow(key, AnalyticsMetrics.Read(step), step.GetRawText());
    }
}
