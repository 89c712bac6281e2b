using InstantlySync.Api;
using InstantlySync.Entities;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
using Npgsql;
using Serilog.Events;

namespace InstantlySync.Sync;

/// <summary>
/// Runs one entity's sync and turns how it ended into its status: a refused key or an unreachable
/// database stops every entity; any other API failure fails this entity alone, as a dead letter.
/// Logs the entity's START and END phases.
/// </summary>
internal sealed class EntityGuard(SyncRun run, RunFailures failures, CancellationTokenSource stop)
{
    public async Task RunAsync(Entity entity, EntityCounts counts, Func<CancellationToken, Task> body)
    {
        run.Log.Phase(LogPhases.EntityStart(entity.Name)).Information("Syncing {Entity}", entity.Name);
        try
        {
            await body(stop.Token);
            counts.Finish(counts.Failed > 0 ? EntityStatus.Partial : EntityStatus.Succeeded);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            counts.Finish(EntityStatus.Cancelled);
        }
        catch (OperationCanceledException ex) when (run.Budget.Stopped(ex, stop.Token))
        {
            counts.Finish(EntityStatus.Timeout, Unfinished(entity, counts));
        }
        catch (InstantlyApiException ex) when (ex.StopsRun)
        {
            counts.Finish(EntityStatus.Failed, ex.Message);
            failures.Stop(ex.Message);
            await stop.CancelAsync();
        }
        catch (InstantlyApiException ex)
        {
            counts.Finish(EntityStatus.Failed, ex.Message);
            await RecordRequestFailureAsync(entity, ex);
        }
        catch (NpgsqlException ex)
        {
            counts.Finish(EntityStatus.Failed, Database.Describe(ex));
            if (Database.IsConnectionFailure(ex))
            {
                failures.Stop($"database unreachable: {Database.Describe(ex)}");
            }
        }

        var endLog = run.Log.Phase(LogPhases.EntityEnd(entity.Name), counts.ToMeta());
        if (counts.Status is EntityStatus.Succeeded)
        {
            endLog.Information("Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}", counts.Inserted, counts.Updated, counts.Unchanged);
            return;
        }

        // A failed entity is an error (error file, sync_logs); records set aside, a stop or the budget are warnings.
        endLog.Write(counts.Status is EntityStatus.Failed ? LogEventLevel.Error : LogEventLevel.Warning,
            "{Status}: Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}, Failed: {Failed}{Reason}",
            counts.Status, counts.Inserted, counts.Updated, counts.Unchanged, counts.Failed, counts.Error is null ? "" : " - " + counts.Error);
    }

    /// <summary>What is left of an entity stopped by the time budget, and where the next run picks it up.</summary>
    public static string Unfinished(Entity entity, EntityCounts counts) => (entity.Reading, counts.Reached) switch
    {
        (Reading.SinceWatermark, { } reached) => $"stopped at the time budget; reached {reached.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, the next run continues from there",
        (Reading.SinceWatermark, null) => "stopped at the time budget before its first batch; the next run starts where this one did",
        (Reading.DailyPerCampaign, _) => "stopped at the time budget; the next run reads its window again",
        _ => "stopped at the time budget; the next run reads it again in full",
    };

    private async Task RecordRequestFailureAsync(Entity entity, InstantlyApiException ex)
    {
        if (run.Request.DryRun)
        {
            return;
        }

        try
        {
            await run.DeadLetters.RecordAsync(new DeadLetter(run.BatchId, entity.Name, ex.Path, ex.StatusCode, ex.Message, null), CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The entity already failed; the log tiers carry the reason.
        }
    }
}
