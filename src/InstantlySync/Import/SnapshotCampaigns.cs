using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using InstantlySync.Entities;
using static InstantlySync.Entities.Campaigns;

namespace InstantlySync.Import;

/// <summary>
/// Campaign rows from a snapshot. <c>campaigns_overview</c> (GET /campaigns items) and
/// <c>campaigns_detailed</c> (GET /campaigns/{id}) describe the same campaigns: they are merged
/// per id, top-level keys of the later record winning and keys it lacks kept — the same rule as
/// the table's own merge. Each campaign is then merged with its row from
/// <c>campaigns_with_real_metrics</c> (GET /campaigns/analytics) by the campaign transformer, as a
/// sync does.
/// </summary>
internal static class SnapshotCampaigns
{
    // Keeps names such as "Q3 founders – UK" readable in the stored text, as the transformer does.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TableRows Build(Snapshot snapshot)
    {
        var rejected = new List<RejectedRecord>();
        var records = 0;
        var campaigns = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in snapshot.Items(ImportOverview).Concat(snapshot.Items(ImportDetailed)))
        {
            records++;
            string id;
            try
            {
                id = (string)Campaigns.Entity.ToRow(item.Item).Key[0]!;
            }
            catch (TransformException ex)
            {
                rejected.Add(new RejectedRecord(null, ex.Message, item.Item.GetRawText()));
                continue;
            }

            if (campaigns.TryGetValue(id, out var earlier))
            {
                campaigns[id] = Merge(earlier, item.Item);
            }
            else
            {
                campaigns[id] = item.Item;
                order.Add(id);
            }
        }

        var analytics = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items(ImportMetrics))
        {
            records++;
            var error = item.Item.ValueKind != JsonValueKind.Object
                ? $"campaign analytics item is a JSON {item.Item.ValueKind}, not an object"
                : SnapshotRows.Text(item.Item, "campaign_id") is not { Length: > 0 } campaignId
                    ? "campaign analytics item has no \"campaign_id\""
                    : !campaigns.ContainsKey(campaignId)
                        ? $"campaign analytics for campaign {campaignId}, which is in neither {ImportOverview} nor {ImportDetailed}"
                        : null;
            if (error is null)
            {
                analytics[SnapshotRows.Text(item.Item, "campaign_id")!] = item.Item;
            }
            else
            {
                rejected.Add(new RejectedRecord(SnapshotRows.Text(item.Item, "campaign_id"), error, item.Item.GetRawText()));
            }
        }

        var rows = order
            .Select(id => Campaigns.Entity.ToRow(new ApiItem(campaigns[id], Analytics: analytics.TryGetValue(id, out var row) ? row : null)))
            .ToList();
        return new TableRows(Campaigns.Entity, rows, rejected, records);
    }

    /// <summary>Top-level keys of both objects; a key in both takes <paramref name="later"/>'s value.</summary>
    private static JsonElement Merge(JsonElement earlier, JsonElement later)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in earlier.EnumerateObject())
            {
                var value = later.TryGetProperty(property.Name, out var newer) ? newer : property.Value;
                writer.WritePropertyName(property.Name);
                value.WriteTo(writer);
            }

            foreach (var property in later.EnumerateObject().Where(p => !earlier.TryGetProperty(p.Name, out _)))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
