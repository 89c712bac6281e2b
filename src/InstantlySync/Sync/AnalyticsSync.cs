using System.Text.Json;
using InstantlySync.Entities;
using InstantlySync.Runs;

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

    /// <summary>Each campaign's days in the run's window, and the workspace's (campaign NULL).</summary>
    public static async Task DailyAsync(SyncRun run, Entity entity, EntityCounts counts, CancellationToken cancellationToken)
    {
        var (start, end) = SyncWindows.DailyAnalytics(run.WindowInputs(entity));
        // A window run never moves the watermark; the others move it to the run's start once every day up to today is in.
        var pipeline = new EntityPipeline(run, entity, counts, advancesWatermark: !run.Request.IsWindowed, cancellationToken);
        IEnumerable<string?> scopes = run.Campaigns.Select(c => (string?)c.Id).Prepend(null);
        await RunAsync(run, counts, pipeline, scopes,
            (campaignId, token) => run.Client.GetDailyAnalyticsAsync(campaignId, start, end, token), cancellationToken);
    }

    /// <summary>Each campaign's rows over its lifetime (steps).</summary>
    public static async Task LifetimeAsync(SyncRun run, Entity entity, EntityCounts counts, CancellationToken cancellationToken)
    {
        var pipeline = new EntityPipeline(run, entity, counts, advancesWatermark: true, cancellationToken);
        await RunAsync(run, counts, pipeline, run.Campaigns.Select(c => (string?)c.Id), (campaignId, token) =>
        {
            var campaign = run.Campaigns.First(c => c.Id == campaignId);
            return run.Client.GetStepAnalyticsAsync(campaignId!, run.LifetimeStartOf(campaign), run.Today, token);
        }, cancellationToken);
    }

    private static async Task RunAsync(
        SyncRun run,
        EntityCounts counts,
        EntityPipeline pipeline,
        IEnumerable<string?> scopes,
        Func<string?, CancellationToken, Task<IReadOnlyList<JsonElement>>> fetch,
        CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(1, 1);
        using var fetching = run.Budget.Fetching(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(scopes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = fetching.Token },
                async (scope, token) =>
                {
                    var rows = await fetch(scope, token);
                    // The pipeline takes rows from one producer at a time.
                    await gate.WaitAsync(token);
                    try
                    {
                        counts.AddPage(rows.Count);
                        foreach (var row in rows)
                        {
                            await pipeline.AddAsync(new ApiItem(row, scope), cancellationToken);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
            await pipeline.CompleteAsync(run.StartedAt, cancellationToken);
        }
        catch (Exception ex)
        {
            await pipeline.StopAsync(ex, cancellationToken);
            throw;
        }
    }
}
