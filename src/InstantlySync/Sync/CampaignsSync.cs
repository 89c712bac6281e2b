using System.Globalization;
using System.Text.Json;
using InstantlySync.Entities;
using InstantlySync.Runs;

namespace InstantlySync.Sync;

/// <summary>
/// Campaigns: a full scan of GET /campaigns, each merged with its lifetime row from
/// GET /campaigns/analytics. Also gives the other entities the campaign list they iterate over.
/// </summary>
internal static class CampaignsSync
{
    /// <summary>Lists every campaign; writes them when <paramref name="counts"/> is given.</summary>
    public static async Task<IReadOnlyList<CampaignRef>> RunAsync(SyncRun run, EntityCounts? counts, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        using var fetching = run.Budget.Fetching(cancellationToken);
        await foreach (var page in run.Client.ListCampaignsAsync(fetching.Token))
        {
            counts?.AddPage(page.Items.Count);
            items.AddRange(page.Items);
        }

        var campaigns = items.Select(Reference).OfType<CampaignRef>().ToList();
        run.Campaigns = campaigns;
        if (counts is null)
        {
            return campaigns;
        }

        var lifetime = await run.Client.GetCampaignAnalyticsAsync(run.LifetimeStart, run.Today, fetching.Token);
        var analyticsById = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var row in lifetime)
        {
            if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("campaign_id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                analyticsById[id.GetString()!] = row;
            }
        }

        var pipeline = new EntityPipeline(run, Campaigns.Entity, counts, advancesWatermark: true, cancellationToken);
        try
        {
            foreach (var item in items)
            {
                JsonElement? analytics = Reference(item) is { } reference && analyticsById.TryGetValue(reference.Id, out var row) ? row : null;
                var campaign = new ApiItem(item, Analytics: analytics);
                try
                {
                    await pipeline.AddAsync(Campaigns.Entity.ToRow(campaign), null, cancellationToken);
                }
                catch (TransformException ex)
                {
                    // Named by a usable id only, as the campaign list reads it.
                    await pipeline.RejectAsync(Reference(item)?.Id, ex.Message, item.GetRawText(), cancellationToken);
                }
            }

            await pipeline.CompleteAsync(run.StartedAt, cancellationToken);
        }
        catch (Exception ex)
        {
            await pipeline.StopAsync(ex, cancellationToken);
            throw;
        }

        return campaigns;
    }

    private static CampaignRef? Reference(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(id.GetString()))
        {
            return null;
        }

        var created = item.TryGetProperty("timestamp_created", out var ts) && ts.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateOnly.FromDateTime(parsed.UtcDateTime)
            : (DateOnly?)null;
        // A campaign without a creation time still counts; its lifetime then starts at the workspace's.
        return new CampaignRef(id.GetString()!, created);
    }
}
