using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>
/// A campaign from GET /campaigns together with its lifetime row from GET /campaigns/analytics
/// (<see cref="ApiItem.Analytics"/>). The stored JSON is both objects' top-level keys in one
/// object, campaign keys first, so the counts live next to the settings; a campaign that has not
/// sent yet has no analytics row, and a missing or non-object one is the same as none.
/// Table: migrations/0002_campaigns.sql.
/// </summary>
internal static class Campaigns
{
    public const string ImportOverview = "campaigns_overview";
    public const string ImportDetailed = "campaigns_detailed";
    public const string ImportMetrics = "campaigns_with_real_metrics";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keeps names such as "Q3 founders – UK" readable in the stored text; jsonb decodes either form.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Entity Entity { get; } = new(
        "campaigns", "campaign", "instantly_campaigns_raw",
        [Text("instantly_campaign_id", c => RequireKey(c.Json, "id", "campaign"), nullable: false)],
        [
            Text("campaign_name", c => Text(c.Json, "name") ?? Text(c.Analytics, "campaign_name")),
            Int("campaign_status", c => Int(c.Json, "status") ?? Int(c.Analytics, "campaign_status")),
            Int("leads_count", c => Int(c.Analytics, "leads_count")),
            Int("contacted_count", c => Int(c.Analytics, "contacted_count")),
            Int("reply_count", c => Int(c.Analytics, "reply_count")),
            Int("emails_sent_count", c => Int(c.Analytics, "emails_sent_count")),
            Timestamp("timestamp_created", c => Timestamp(c.Json, "timestamp_created")),
        ])
    {
        Reading = Reading.CampaignList,
        ImportKeys = [new(ImportOverview), new(ImportDetailed), new(ImportMetrics)],
        RawJson = c => c.Analytics is { ValueKind: JsonValueKind.Object } stats ? Merge(c.Json, stats) : c.Json.GetRawText(),
    };

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
