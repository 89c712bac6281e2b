using System.Text.Json;
using InstantlySync.Entities;

namespace InstantlySync.Import;

/// <summary>A snapshot record that cannot become a row; it is kept as a dead letter.</summary>
internal sealed record RejectedRecord(string? Key, string Error, string Payload);

/// <summary>What one raw table receives from a snapshot: its rows, the records refused, and how many records there were.</summary>
internal sealed record TableRows(Entity Entity, IReadOnlyList<RawRow> Rows, IReadOnlyList<RejectedRecord> Rejected, int Records)
{
    public RawTable Table => Entity.Table;
}

/// <summary>
/// Turns a checked snapshot into rows through the same entity declarations a sync uses, so an
/// import and a sync of the same data store the same rows. Pure: no I/O.
/// </summary>
internal static class SnapshotRows
{
    public static IReadOnlyList<TableRows> Build(Snapshot snapshot)
        => snapshot.Entities
            .Select(entity => entity.Reading == Reading.CampaignList ? SnapshotCampaigns.Build(snapshot) : Table(snapshot, entity))
            .ToList();

    /// <summary>
    /// Collapses rows sharing a key, the last one in file order winning as in one upsert batch.
    /// Doing it over the whole table, not per batch, keeps a re-import from flipping a row between
    /// two versions of the same record.
    /// </summary>
    public static IReadOnlyList<RawRow> Distinct(IEnumerable<RawRow> rows)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<RawRow>();
        foreach (var row in rows)
        {
            if (positions.TryGetValue(row.KeyText, out var position))
            {
                result[position] = row;
            }
            else
            {
                positions[row.KeyText] = result.Count;
                result.Add(row);
            }
        }

        return result;
    }

    /// <summary>The records of every key the entity declares, in the order it declares them.</summary>
    private static TableRows Table(Snapshot snapshot, Entity entity)
    {
        var rows = new List<RawRow>();
        var rejected = new List<RejectedRecord>();
        var records = 0;
        foreach (var key in entity.ImportKeys)
        {
            foreach (var item in snapshot.Items(key.Name))
            {
                records++;
                try
                {
                    rows.Add(entity.ToRow(new ApiItem(item.Item, key.PerCampaign ? RequireCampaign(item, entity) : null)));
                }
                catch (TransformException ex)
                {
                    rejected.Add(new RejectedRecord(entity.RecordKey(new ApiItem(item.Item, item.CampaignId)), ex.Message, item.Item.GetRawText()));
                }
            }
        }

        return new TableRows(entity, Distinct(rows), rejected, records);
    }

    /// <summary>
    /// The campaign of a per-campaign analytics row: the key it was filed under, else its own
    /// <c>campaign_id</c>. Without either the row cannot be keyed.
    /// </summary>
    private static string RequireCampaign(SnapshotItem item, Entity entity)
        => item.CampaignId ?? throw new TransformException(
            $"{entity.Noun} item has no campaign: it is not filed under a campaign id and has no \"campaign_id\"");

    internal static string? Text(JsonElement item, string property)
        => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
