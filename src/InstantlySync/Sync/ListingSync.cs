using InstantlySync.Api;
using InstantlySync.Entities;
using InstantlySync.Runs;

namespace InstantlySync.Sync;

/// <summary>Accounts and leads: full scans of cursor-paged listings (the API has no "changed since" filter).</summary>
internal static class ListingSync
{
    /// <summary>
    /// Lead chains paged at the same time. A chain waits for one response at a time, so a few must
    /// run side by side to use the workspace budget; eight cover 100 requests/s at ~80 ms a page
    /// while holding only eight pages in memory.
    /// </summary>
    private const int LeadChains = 8;

    private delegate IAsyncEnumerable<ApiPage> Chain(CancellationToken cancellationToken);

    public static Task AccountsAsync(SyncRun run, Entity entity, EntityCounts counts, CancellationToken cancellationToken)
        => ScanAsync(run, entity, counts, [run.Client.ListAccountsAsync], parallelism: 1, cancellationToken);

    /// <summary>
    /// One cursor chain per campaign plus one for the leads outside every campaign
    /// (<c>in_campaign: false</c>), instead of one chain over the whole workspace: a cursor chain
    /// cannot be parallelised, and 300,000 leads in one chain are 3,000 round trips back to back.
    /// Together the chains cover every lead of the campaigns listed at the start of the run; a
    /// campaign created after that is read by the next run, as its leads would be by any full scan
    /// that had already passed them. Without a campaign list, one workspace-wide chain.
    /// </summary>
    public static Task LeadsAsync(SyncRun run, Entity entity, EntityCounts counts, CancellationToken cancellationToken)
    {
        List<Chain> chains = run.Campaigns.Count == 0
            ? [token => run.Client.ListLeadsAsync(null, token)]
            : [run.Client.ListLeadsOutsideCampaignsAsync, .. run.Campaigns.Select(c => (Chain)(token => run.Client.ListLeadsAsync(c.Id, token)))];
        return ScanAsync(run, entity, counts, chains, LeadChains, cancellationToken);
    }

    private static async Task ScanAsync(
        SyncRun run, Entity entity, EntityCounts counts, IReadOnlyList<Chain> chains, int parallelism, CancellationToken cancellationToken)
    {
        var pipeline = new EntityPipeline(run, entity, counts, advancesWatermark: true, cancellationToken);
        // The pipeline takes rows from one producer at a time; a page is added whole.
        using var gate = new SemaphoreSlim(1, 1);
        using var fetching = run.Budget.Fetching(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(chains, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = fetching.Token },
                async (chain, token) =>
                {
                    await foreach (var page in chain(token).WithCancellation(token))
                    {
                        await gate.WaitAsync(token);
                        try
                        {
                            counts.AddPage(page.Items.Count);
                            foreach (var item in page.Items)
                            {
                                // Added with the run's token: a batch being handed over is never dropped at the budget.
                                await pipeline.AddAsync(new ApiItem(item), cancellationToken);
                            }
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }
                });

            // The watermark of a full scan records when it last completed.
            await pipeline.CompleteAsync(run.StartedAt, cancellationToken);
        }
        catch (Exception ex)
        {
            await pipeline.StopAsync(ex, cancellationToken);
            throw;
        }
    }
}
