using System.Text.Json;
using InstantlySync.Storage;
using InstantlySync.Transform;
using static InstantlySync.Import.SnapshotKeys;

namespace InstantlySync.Import;

/// <summary>A snapshot record that cannot become a row; it is kept as a dead letter.</summary>
internal sealed record RejectedRecord(string? Key, string Error, string Payload);

/// <summary>What one raw table receives from a snapshot: its rows, the records refused, and how many records there were.</summary>
internal sealed record TableRows(RawTable Table, IReadOnlyList<RawRow> Rows, IReadOnlyList<RejectedRecord> Rejected, int Records);

/// <summary>
/// Turns a checked snapshot into rows through the same transformers a sync uses, so an import
/// and a sync of the same data store the same rows. Pure: no I/O.
/// </summary>
internal static class SnapshotRows
{
    public static IReadOnlyList<TableRows> Build(Snapshot snapshot)
    {
        var tables = new List<TableRows>();
        foreach (var entity in snapshot.Entities)
        {
            tables.Add(entity switch
            {
                Sync.Entities.Campaigns => SnapshotCampaigns.Build(snapshot),
                Sync.Entities.Accounts => Table(RawTables.Accounts, (snapshot.Items(Accounts), item => AccountTransformer.Transform(item.Item))),
                Sync.Entities.Emails => Table(RawTables.Emails, (snapshot.Items(EmailsSample), item => EmailTransformer.Transform(item.Item))),
                Sync.Entities.DailyAnalytics => Table(RawTables.DailyAnalytics,
                    (snapshot.Items(DailyAnalyticsAll), item => DailyAnalyticsTransformer.Transform(item.Item, null)),
                    (snapshot.Items(DailyAnalyticsByCampaign), item => DailyAnalyticsTransformer.Transform(item.Item, RequireCampaign(item, "daily_analytics")))),
                Sync.Entities.Steps => Table(RawTables.Steps,
                    (snapshot.Items(StepsAnalytics), item => StepTransformer.Transform(item.Item, RequireCampaign(item, "steps")))),
                _ => throw new InvalidOperationException($"No snapshot key maps to entity {entity}"),
            });
        }

        return tables;
    }

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

    private static TableRows Table(RawTable table, params (IEnumerable<SnapshotItem> Items, Func<SnapshotItem, RawRow> Transform)[] sources)
    {
        var rows = new List<RawRow>();
        var rejected = new List<RejectedRecord>();
        var records = 0;
        foreach (var (items, transform) in sources)
        {
            foreach (var item in items)
            {
                records++;
                try
                {
                    rows.Add(transform(item));
                }
                catch (TransformException ex)
                {
                    rejected.Add(new RejectedRecord(KeyOf(item, table), ex.Message, item.Item.GetRawText()));
                }
            }
        }

        return new TableRows(table, Distinct(rows), rejected, records);
    }

    /// <summary>
    /// The campaign of a per-campaign analytics row: the key it was filed under, else its own
    /// <c>campaign_id</c>. Without either the row cannot be keyed.
    /// </summary>
    private static string RequireCampaign(SnapshotItem item, string entity)
        => item.CampaignId ?? throw new TransformException(
            $"{entity} item has no campaign: it is not filed under a campaign id and has no \"campaign_id\"");

    /// <summary>The record key a dead letter names, as far as the record has one.</summary>
    private static string? KeyOf(SnapshotItem item, RawTable table) => table.Entity switch
    {
        Sync.Entities.Accounts => Text(item.Item, "email"),
        Sync.Entities.Emails => Text(item.Item, "id"),
        _ => item.CampaignId,
    };

    internal static string? Text(JsonElement item, string property)
        => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
