using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>
/// A campaign from GET /campaigns together with its lifetime row from GET /campaigns/analytics.
/// The stored JSON is both objects' top-level keys in one object, campaign keys first, so the
/// counts live next to the settings; a campaign that has not sent yet has no analytics row.
/// </summary>
internal static class CampaignTransformer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keeps names such as "Q3 founders – UK" readable in the stored text; jsonb decodes either form.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static RawRow Transform(JsonElement campaign, JsonElement? lifetimeAnalytics)
    {
        RequireObject(campaign, "campaign");
        var id = RequireKey(campaign, "id", "campaign");
        // A missing or non-object analytics row is the same as none: the campaign still lands.
        var analytics = lifetimeAnalytics is { ValueKind: JsonValueKind.Object } row ? row : (JsonElement?)null;

        object?[] extracted =
        [
            Text(campaign, "name") ?? Text(analytics, "campaign_name"),
            Int(campaign, "status") ?? Int(analytics, "campaign_status"),
            Int(analytics, "leads_count"),
            Int(analytics, "contacted_count"),
            Int(analytics, "reply_count"),
            Int(analytics, "emails_sent_count"),
            Timestamp(campaign, "timestamp_created"),
        ];

        var rawJson = analytics is { } stats ? Merge(campaign, stats) : campaign.GetRawText();
        return new RawRow([id], extracted, rawJson);
    }

    /// <summary>
    /// Top-level keys of the campaign, then those of the analytics row it lacks. Values are copied
    /// as their original text. A key in both keeps the campaign's value: the list endpoint is the
    /// source of truth for settings, and the analytics row repeats only names and status.
    /// </summary>
    private static string Merge(JsonElement campaign, JsonElement analytics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            writer.WriteStartObject();
            foreach (var property in campaign.EnumerateObject())
            {
                seen.Add(property.Name);
                Write(writer, property);
            }

            foreach (var property in analytics.EnumerateObject())
            {
                if (seen.Add(property.Name))
                {
                    Write(writer, property);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonProperty property)
    {
        writer.WritePropertyName(property.Name);
        writer.WriteRawValue(property.Value.GetRawText(), skipInputValidation: true);
    }
}
