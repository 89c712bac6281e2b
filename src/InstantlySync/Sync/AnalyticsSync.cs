using System.Text.Json;
using InstantlySync.Storage;
using InstantlySync.Transform;

namespace InstantlySync.Sync;

/// <summary>
/// Daily analytics and step analytics: bare arrays, one request per campaign (the API has no
/// per-campaign breakdown in one call), plus the workspace-wide daily series.
/// </summary>
internal static class AnalyticsSync
{
    // Per-campaign calls are independent; a few at a time keeps the N+1 pattern short without
    // crowding out the entities that page through long cursor chains.
    private const int Parallelism = 4;

    public static async Task DailyAsync(SyncRun run, EntityCounts counts, CancellationToken cancellationToken)
    {
        var (start, end) = SyncWindows.DailyAnalytics(run);
        // A window run never moves the watermark; the others move it to the run's start once every day up to today is in.
        var pipeline = new EntityPipeline(run, RawTables.DailyAnalytics, counts, advancesWatermark: !run.Request.IsWindowed, cancellationToken);
        await RunAsync(run, counts, pipeline, async (campaignId, token) =>
        {
            var rows = await run.Client.GetDailyAnalyticsAsync(campaignId, start, end, token);
            return rows.Select(row => (row, (Func<RawRow>)(() => DailyAnalyticsTransformer.Transform(row, campaignId)))).ToList();
        }, includeWorkspace: true, cancellationToken);
    }

    public static async Task StepsAsync(SyncRun run, EntityCounts counts, CancellationToken cancellationToken)
    {
        var pipeline = new EntityPipeline(run, RawTables.Steps, counts, advancesWatermark: true, cancellationToken);
        await RunAsync(run, counts, pipeline, async (campaignId, token) =>
        {
            var campaign = run.Campaigns.First(c => c.Id == campaignId);
            var rows = await run.Client.GetStepAnalyticsAsync(campaignId!, run.LifetimeStartOf(campaign), run.Today, token);
            return rows.Select(row => (row, (Func<RawRow>)(() => StepTransformer.Transform(row, campaignId!)))).ToList();
        }, includeWorkspace: false, cancellationToken);
    }

    private static async Task RunAsync(
        SyncRun run,
        EntityCounts counts,
        EntityPipeline pipeline,
        Func<string?, CancellationToken, Task<List<(JsonElement Item, Func<RawRow> Transform)>>> fetch,
        bool includeWorkspace,
        CancellationToken cancellationToken)
    {
        var gate = new SemaphoreSlim(1, 1);
        IEnumerable<string?> scopes = run.Campaigns.Select(c => (string?)c.Id);
        if (includeWorkspace)
        {
            scopes = scopes.Prepend(null);
        }

        try
        {
            await Parallel.ForEachAsync(scopes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (scope, token) =>
                {
                    var rows = await fetch(scope, token);
                    // The pipeline takes rows from one producer at a time.
                    await gate.WaitAsync(token);
                    try
                    {
                        counts.AddPage(rows.Count);
                        foreach (var (item, transform) in rows)
                        {
                            try
                            {
                                await pipeline.AddAsync(transform(), null, token);
                            }
                            catch (TransformException ex)
                            {
                                await pipeline.RejectAsync(scope, ex.Message, item.GetRawText(), token);
                            }
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
            await pipeline.CompleteAsync(run.StartedAt, cancellationToken);
        }
        catch
        {
            await pipeline.AbandonAsync();
            throw;
        }
    }
}
