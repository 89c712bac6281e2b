using System.Text.Json;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
using Npgsql;
using Serilog;

namespace InstantlySync.Modeling;

/// <summary>How a transform run of one workspace ended; <see cref="Counts"/> is null when it wrote nothing.</summary>
internal sealed record TransformOutcome(Guid BatchId, RunStatus Result, TransformCounts? Counts, string? Error)
{
    public string Status => RunStatuses.Stored(Result);
}

/// <summary>
/// One transform run of one workspace as a run like any other: under the workspace's run lock
/// (the sync's, so a transform never reads raw rows a sync is writing; exit 4 when held), a
/// <c>sync_batches</c> row with mode <c>transform</c> and per-table counts, START and END lines on
/// every log tier. A dry run takes no lock and records no batch, like a dry sync.
/// </summary>
internal sealed class TransformRunner(NpgsqlDataSource dataSource, string schema, string workspaceId, TimeProvider time, ILogger logger)
{
    public const string Mode = "transform";

    private readonly ILogger _log = logger.ForContext<TransformRunner>();

    private static IReadOnlyList<string> Tables => Transform.Models.Select(m => m.Table).ToList();

    public async Task<TransformOutcome> RunAsync(bool full, bool dryRun, CancellationToken cancellationToken)
    {
        await using var run = await Run.BeginAsync(dataSource, workspaceId, time, _log, new RunRecord(Mode, Tables), dryRun, cancellationToken);
        if (run.LockedOut)
        {
            var message = run.ReportLockedOut("a sync, import or transform of this workspace is running", "Transform not started");
            return new TransformOutcome(run.BatchId, RunStatus.Locked, null, message);
        }

        return await ExecuteAsync(run, full, cancellationToken);
    }

    /// <summary>The incremental transform a sync ends with, while that sync holds the workspace's lock.</summary>
    public async Task<TransformOutcome> RunUnderHeldLockAsync(CancellationToken cancellationToken)
    {
        await using var run = await Run.BeginUnderHeldLockAsync(dataSource, workspaceId, time, _log, new RunRecord(Mode, Tables), cancellationToken);
        return await ExecuteAsync(run, full: false, cancellationToken);
    }

    private async Task<TransformOutcome> ExecuteAsync(Run run, bool full, CancellationToken cancellationToken)
    {
        var log = run.Log;
        var mode = full ? "full" : "incremental";
        log.Phase(LogPhases.Start, new { mode = Mode, full, dry_run = run.DryRun, schema })
            .Information("Transform ({Mode}) of the modeled layer in schema {Schema}{DryRun}", mode, schema, run.DryRun ? " (dry run)" : "");

        TransformCounts? counts = null;
        Verdict verdict;
        try
        {
            counts = await Transform.ApplyAsync(dataSource, schema, workspaceId, run.BatchId, full, run.DryRun, cancellationToken);
            verdict = new Verdict(RunStatus.Succeeded, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = new Verdict(RunStatus.Cancelled, "cancelled: the transform rolled back");
        }
        catch (NpgsqlException ex)
        {
            // The transaction rolled back: the layer and its watermarks are as the last run left them.
            verdict = new Verdict(Database.IsConnectionFailure(ex) ? RunStatus.Stopped : RunStatus.Failed, $"the transform rolled back: {Database.Describe(ex)}");
        }

        verdict = await run.FinishAsync(verdict, CountsJson(counts, full));
        var outcome = new TransformOutcome(run.BatchId, verdict.Status, counts, verdict.Error);
        LogEnd(log, outcome, run.Elapsed);
        return outcome;
    }

    private static void LogEnd(ILogger log, TransformOutcome outcome, TimeSpan elapsed)
    {
        foreach (var table in outcome.Counts?.Tables ?? [])
        {
            log.Phase(LogPhases.EntityEnd(table.Table), new { inserted = table.Inserted, updated = table.Updated, deleted = table.Deleted })
                .Information("Inserted: {Inserted}, Updated: {Updated}, Deleted: {Deleted}", table.Inserted, table.Updated, table.Deleted);
        }

        var endLog = log.Phase(outcome.Result == RunStatus.Cancelled ? LogPhases.Cancelled : LogPhases.End, new
        {
            status = outcome.Status,
            duration_ms = (long)elapsed.TotalMilliseconds,
            read = outcome.Counts is { } c ? new { leads = c.LeadsRead, emails = c.EmailsRead, campaigns = c.CampaignsRead } : null,
        });
        switch (outcome.Result)
        {
            case RunStatus.Succeeded:
                endLog.Information("Transform {Status} in {Seconds:0.0}s: {Written} modeled rows written from {Read} changed raw rows",
                    outcome.Status, elapsed.TotalSeconds, outcome.Counts!.Tables.Sum(t => t.Written),
                    outcome.Counts.LeadsRead + outcome.Counts.EmailsRead + outcome.Counts.CampaignsRead);
                break;
            case RunStatus.Cancelled:
                endLog.Warning("Transform {Status}: {Reason}", outcome.Status, outcome.Error);
                break;
            default:
                endLog.Error("Transform {Status}: {Reason}", outcome.Status, outcome.Error);
                break;
        }
    }

    /// <summary>sync_batches.counts: per table inserted / updated / deleted, and what was read.</summary>
    private static string CountsJson(TransformCounts? counts, bool full)
    {
        var document = new Dictionary<string, object>();
        foreach (var table in counts?.Tables ?? [])
        {
            document[table.Table] = new { inserted = table.Inserted, updated = table.Updated, deleted = table.Deleted };
        }

        document["_transform"] = new
        {
            full,
            read = counts is null ? null : new { leads = counts.LeadsRead, emails = counts.EmailsRead, campaigns = counts.CampaignsRead },
        };
        return JsonSerializer.Serialize(document);
    }
}
