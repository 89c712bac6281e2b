using InstantlySync.Entities;
using InstantlySync.Runs;

namespace InstantlySync.Sync;

/// <summary>
/// Emails: the one append-only incremental listing. GET /emails ascending by timestamp_created
/// from the watermark minus an overlap; each committed batch moves the watermark to the newest
/// timestamp it holds, so an interrupted run resumes close to where it stopped.
/// </summary>
internal static class EmailsSync
{
    public static async Task RunAsync(SyncRun run, Entity entity, EntityCounts counts, CancellationToken cancellationToken)
    {
        var from = SyncWindows.EmailsFrom(run.WindowInputs(entity));
        var until = SyncWindows.EmailsUntil(run.Request);
        var pipeline = new EntityPipeline(run, entity, counts, advancesWatermark: !run.Request.IsWindowed, cancellationToken);
        using var fetching = run.Budget.Fetching(cancellationToken);
        try
        {
            await foreach (var page in run.Client.ListEmailsAsync(from, fetching.Token).WithCancellation(fetching.Token))
            {
                counts.AddPage(page.Items.Count);
                var pastWindow = false;
                foreach (var item in page.Items)
                {
                    if (await pipeline.TransformAsync(new ApiItem(item), cancellationToken) is not { } row)
                    {
                        continue;
                    }

                    var created = Emails.TimestampCreated(row);
                    if (until is { } end && created >= end)
                    {
                        // Ascending order: everything after this lies past the window too.
                        pastWindow = true;
                        break;
                    }

                    await pipeline.AddAsync(row, created, cancellationToken);
                }

                if (pastWindow)
                {
                    break;
                }
            }

            await pipeline.CompleteAsync(null, cancellationToken);
        }
        catch (Exception ex)
        {
            await pipeline.StopAsync(ex, cancellationToken);
            throw;
        }
    }
}
