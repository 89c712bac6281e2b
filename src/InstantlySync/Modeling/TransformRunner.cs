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
/// every log tier. A dry run takes no lock and records no batch, like a dry sync. The transform a
/// sync ends with runs inside that sync's run instead (<see cref="RunWithinSyncAsync"/>).
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

        var outcome = await ExecuteAsync(run.BatchId, run.Log, full, run.DryRun, LogPhases.Start, cancellationToken);
        var verdict = await run.FinishAsync(new Verdict(outcome.Result, outcome.Error), CountsJson(outcome.Counts, full));
        outcome = outcome with { Result = verdict.Status, Error = verdict.Error };
        LogEnd(run.Log, outcome, run.Elapsed, LogPhases.End);
        return outcome;
    }

    /// <summary>
    /// The incremental transform a sync that wrote rows ends with, inside that sync's run: under
    /// its lock, its rows tagged with the sync's batch, logged as TRANSFORM_START and TRANSFORM_END
    /// between the sync's own START and END; the sync records <see cref="Summary"/> in its counts.
    /// </summary>
    public async Task<TransformOutcome> RunWithinSyncAsync(Guid syncBatchId, CancellationToken cancellationToken)
    {
        var clock = time.GetTimestamp();
        var outcome = await ExecuteAsync(syncBatchId, _log, full: false, dryRun: false, LogPhases.TransformStart, cancellationToken);
        LogEnd(_log, outcome, time.GetElapsedTime(clock), LogPhases.TransformEnd);
        return outcome;
    }

    private async Task<TransformOutcome> ExecuteAsync(
        Guid batchId, ILogger log, bool full, bool dryRun, string startPhase, CancellationToken cancellationToken)
    {
        log.Phase(startPhase, new { mode = Mode, full, dry_run = dryRun, schema })
            .Information("Transform ({Mode}) of the modeled layer in schema {Schema}{DryRun}", full ? "full" : "incremental", schema, dryRun ? " (dry run)" : "");
        try
        {
            var counts = await Transform.ApplyAsync(dataSource, schema, workspaceId, batchId, full, dryRun, cancellationToken);
            return new TransformOutcome(batchId, RunStatus.Succeeded, counts, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new TransformOutcome(batchId, RunStatus.Cancelled, null, "cancelled: the transform rolled back");
        }
        catch (NpgsqlException ex)
        {
            // The transaction rolled back: the layer and its watermarks are as the last run left them.
            return new TransformOutcome(batchId, Database.IsConnectionFailure(ex) ? RunStatus.Stopped : RunStatus.Failed,
                null, $"the transform rolled back: {Database.Describe(ex)}");
        }
    }

    private static void LogEnd(ILogger log, TransformOutcome outcome, TimeSpan elapsed, string endPhase)
    {
        foreach (var table in outcome.Counts?.Tables ?? [])
        {
            log.Phase(LogPhases.Transform, new { table = table.Table, inserted = table.Inserted, updated = table.Updated, deleted = table.Deleted })
                .Information("{Table}: Inserted: {Inserted}, Updated: {Updated}, Deleted: {Deleted}", table.Table, table.Inserted, table.Updated, table.Deleted);
        }

        var endLog = log.Phase(outcome.Result == RunStatus.Cancelled && endPhase == LogPhases.End ? LogPhases.Cancelled : endPhase, new
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

    /// <summary>What a sync stores of the transform it ended with, under <c>_transform</c> in its counts.</summary>
    public static object Summary(TransformOutcome outcome) => new
    {
        status = outcome.Status,
        error = outcome.Error,
        read = outcome.Counts is { } c ? new { leads = c.LeadsRead, emails = c.EmailsRead, campaigns = c.CampaignsRead } : null,
        tables = (outcome.Counts?.Tables ?? []).ToDictionary(t => t.Table, t => new { inserted = t.Inserted, updated = t.Updated, deleted = t.Deleted }),
    };

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
