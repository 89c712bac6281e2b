using System.Text.Json.Nodes;

namespace InstantlySync.IntegrationTests.Import;

/// <summary>The sample snapshot reshaped into the other forms a collector may have saved.</summary>
public static class Some
{
    private static readonly string[] PerCampaignKeys = ["daily_analytics_by_campaign", "steps_analytics"];

    /// <summary>Every <c>{ "items": [...] }</c> envelope, top level and per campaign, replaced by its bare array.</summary>
    public static JsonObject Unwrapped(JsonObject snapshot)
    {
        foreach (var (key, value) in snapshot.ToList())
        {
            snapshot[key] = Unwrap(value!.DeepClone());
            if (PerCampaignKeys.Contains(key))
            {
                foreach (var (campaign, rows) in snapshot[key]!.AsObject().ToList())
                {
                    snapshot[key]![campaign] = Unwrap(rows!.DeepClone());
                }
            }
        }

        return snapshot;
    }

    /// <summary>Every array, top level and per campaign, wrapped in an envelope with a cursor.</summary>
    public static JsonObject Wrapped(JsonObject snapshot)
    {
        foreach (var (key, value) in Unwrapped(snapshot).ToList())
        {
            if (PerCampaignKeys.Contains(key))
            {
                foreach (var (campaign, rows) in value!.AsObject().ToList())
                {
                    value[campaign] = Wrap(rows!.DeepClone());
                }
            }
            else
            {
                snapshot[key] = Wrap(value!.DeepClone());
            }
        }

        return snapshot;
    }

    /// <summary>Per-campaign values as one flat array whose rows carry <c>campaign_id</c>.</summary>
    public static JsonObject Flattened(JsonObject snapshot)
    {
        foreach (var key in PerCampaignKeys)
        {
            snapshot[key] = Flatten(snapshot[key]!.AsObject());
        }

        return snapshot;
    }

    /// <summary>Per-campaign values as one envelope of flat rows carrying <c>campaign_id</c>.</summary>
    public static JsonObject FlattenedInEnvelopes(JsonObject snapshot)
    {
        foreach (var key in PerCampaignKeys)
        {
            snapshot[key] = Wrap(Flatten(snapshot[key]!.AsObject()));
        }

        return snapshot;
    }

    private static JsonArray Flatten(JsonObject perCampaign)
    {
        var flat = new JsonArray();
        foreach (var (campaign, rows) in perCampaign)
        {
            foreach (var row in Unwrap(rows!.DeepClone()).AsArray())
            {
                var copy = row!.DeepClone().AsObject();
                copy["campaign_id"] = campaign;
                flat.Add(copy);
            }
        }

        return flat;
    }

    private static JsonNode Unwrap(JsonNode value)
        => value is JsonObject envelope && envelope["items"] is JsonArray items ? items.DeepClone() : value;

    private static JsonObject Wrap(JsonNode value)
        => value is JsonArray array ? new JsonObject { ["items"] = array.DeepClone(), ["next_starting_after"] = "cursor" } : value.AsObject();
}
