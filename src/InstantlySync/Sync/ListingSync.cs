using System.Text.Json;
using InstantlySync.Api;
using InstantlySync.Storage;
using InstantlySync.Transform;

namespace InstantlySync.Sync;

/// <summary>Accounts and leads: full scans of a cursor-paged listing (the API has no "changed since" filter).</summary>
internal static class ListingSync
{
    public static Task AccountsAsync(SyncRun run, EntityCounts counts, CancellationToken cancellationToken)
        => ScanAsync(run, counts, RawTables.Accounts, run.Client.ListAccountsAsync(cancellationToken), AccountTransformer.Transform, "email", cancellationToken);

    public static Task LeadsAsync(SyncRun run, EntityCounts counts, CancellationToken cancellationToken)
        => ScanAsync(run, counts, RawTables.Leads, run.Client.ListLeadsAsync(null, cancellationToken), LeadTransformer.Transform, "id", cancellationToken);

    private static async Task ScanAsync(
        SyncRun run,
        EntityCounts counts,
        RawTable table,
        IAsyncEnumerable<ApiPage> pages,
        Func<JsonElement, RawRow> transform,
        string keyProperty,
        CancellationToken cancellationToken)
    {
        var pipeline = new EntityPipeline(run, table, counts, advancesWatermark: true, cancellationToken);
        try
        {
            await foreach (var page in pages.WithCancellation(cancellationToken))
            {
                counts.AddPage(page.Items.Count);
                foreach (var item in page.Items)
                {
                    try
                    {
                        await pipeline.AddAsync(transform(item), null, cancellationToken);
                    }
                    catch (TransformException ex)
                    {
                        await pipeline.RejectAsync(KeyOf(item, keyProperty), ex.Message, item.GetRawText(), cancellationToken);
                    }
                }
            }

            // The watermark of a full scan records when it last completed.
            await pipeline.CompleteAsync(run.StartedAt, cancellationToken);
        }
        catch
        {
            await pipeline.AbandonAsync();
            throw;
        }
    }

    public static string? KeyOf(JsonElement item, string property)
        => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
