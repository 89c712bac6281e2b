using System.Text.Json;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
using Npgsql;
using Serilog;

namespace InstantlySync.Import;

/// <summary>How an import ended: its verdict, each table's counts, and the error stored with the batch.</summary>
internal sealed record ImportOutcome(Guid BatchId, RunStatus Result, IReadOnlyList<ImportedTable> Tables, string? Error)
{
    public string Status => RunStatuses.Stored(Result);
}

internal sealed record ImportedTable(string Table, EntityCounts Counts);

/// <summary>
/// Writes a checked snapshot into one workspace as one batch with mode <c>import</c>: under the
/// workspace's run lock, through the
/// sync's upserter (same merge rules, so importing twice changes nothing the second time), with
/// refused records as dead letters.
/// <para>
/// An import never moves a watermark. A snapshot is a copy of unknown reach (emails_sample is a
/// sample, the analytics cover whatever window the collector asked for), so a watermark set from
/// it would make the next incremental sync skip records the snapshot never had. Left alone, the
/// next sync reads from where syncs left off (or its initial window) and merges over the imported
/// rows.
/// </para>
/// </summary>
internal sealed class SnapshotImporter(NpgsqlDataSource dataSource, string workspaceId, TimeProvider time, ILogger logger)
{
    public const string Mode = "import";

    private readonly ILogger _log = logger.ForContext<SnapshotImporter>();

    public async Task<ImportOutcome> RunAsync(Snapshot snapshot, string file, int batchSize, CancellationToken cancellationToken)
    {
        var entities = snapshot.Entities.Select(e => e.Name).ToList();
        await using var run = await Run.BeginAsync(dataSource, workspaceId, time, _log, new RunRecord(Mode, entities), dryRun: false, cancellationToken);
        var log = run.Log;
        if (run.LockedOut)
        {
            var message = run.ReportLockedOut("a sync is running", "Import not started");
            return new ImportOutcome(run.BatchId, RunStatus.Locked, [], message);
        }

        log.Phase(LogPhases.Start, new { mode = Mode, file, entities, batch_size = batchSize })
            .Information("Import of {File}: {Entities}", file, string.Join(", ", entities));
        foreach (var key in snapshot.UnknownKeys)
        {
            log.Phase(LogPhases.Import, new { key }).Warning("Skipped the unknown snapshot key {Key}", key);
        }

        var imported = new List<ImportedTable>();
        string? stopError = null;
        foreach (var rows in SnapshotRows.Build(snapshot))
        {
            var counts = new EntityCounts(rows.Entity.Name);
            imported.Add(new ImportedTable(rows.Table.Name, counts));
            if (cancellationToken.IsCancellationRequested || stopError is not null)
            {
                counts.Finish(stopError is null ? EntityStatus.Cancelled : EntityStatus.Failed, stopError);
                continue;
            }

            try
            {
                await WriteAsync(rows, counts, run.BatchId, batchSize, log, cancellationToken);
                counts.Finish(counts.Failed == 0 ? EntityStatus.Succeeded : counts.Written == 0 ? EntityStatus.Failed : EntityStatus.Partial);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                counts.Finish(EntityStatus.Cancelled);
            }
            catch (NpgsqlException ex)
            {
                counts.Finish(EntityStatus.Failed, Database.Describe(ex));
                if (Database.IsConnectionFailure(ex))
                {
                    stopError = $"database unreachable: {Database.Describe(ex)}";
                }
            }

            LogEnd(log, counts);
        }

        var decided = RunVerdict.Decide(imported.Select(t => t.Counts.Result).ToList(), cancellationToken.IsCancellationRequested, stopError);
        var verdict = await run.FinishAsync(decided, CountsJson(imported, file, snapshot.UnknownKeys));
        var outcome = new ImportOutcome(run.BatchId, verdict.Status, imported, verdict.Error);
        log.Phase(outcome.Result == RunStatus.Cancelled ? LogPhases.Cancelled : LogPhases.End, new { status = outcome.Status })
            .Information("Import {Status}", outcome.Status);
        return outcome;
    }

    private async Task WriteAsync(TableRows rows, EntityCounts counts, Guid batchId, int batchSize, ILogger log, CancellationToken cancellationToken)
    {
        var entity = rows.Entity.Name;
        log.Phase(LogPhases.EntityStart(entity), new { records = rows.Records }).Information("Importing {Records} {Entity} records", rows.Records, entity);
        counts.AddFetched(rows.Records);
        var deadLetters = new DeadLetters(dataSource, workspaceId);
        foreach (var rejected in rows.Rejected)
        {
            counts.AddFailed(1);
            log.Phase(LogPhases.EntityError(entity), new { key = rejected.Key })
                .Warning("Skipped a {Entity} record that cannot be stored: {Error}", entity, rejected.Error);
            await deadLetters.RecordAsync(new DeadLetter(batchId, entity, rejected.Key, null, rejected.Error, rejected.Payload), cancellationToken);
        }

        var upserter = new Upserter(dataSource, workspaceId, log);
        foreach (var chunk in rows.Rows.Chunk(batchSize))
        {
            var result = await upserter.UpsertAsync(rows.Table, chunk, batchId, checkpoint: null, cancellationToken);
            counts.AddWritten(result.Inserted, result.Updated, result.Unchanged, result.Failed);
        }
    }

    private static void LogEnd(ILogger log, EntityCounts c)
    {
        var endLog = log.Phase(LogPhases.EntityEnd(c.Entity), c.ToMeta());
        if (c.Status == EntityStatus.Succeeded)
        {
            endLog.Information("Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}", c.Inserted, c.Updated, c.Unchanged);
        }
        else
        {
            endLog.Warning("{Status}: Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}, Failed: {Failed}{Reason}",
                c.Status, c.Inserted, c.Updated, c.Unchanged, c.Failed, c.Error is null ? "" : " - " + c.Error);
        }
    }

    private static string CountsJson(IReadOnlyList<ImportedTable> tables, string file, IReadOnlyList<string> unknownKeys)
    {
        var document = tables.ToDictionary(t => t.Counts.Entity, t => (object)t.Counts.ToMeta());
        document["_import"] = new { file = Path.GetFileName(file), unknown_keys = unknownKeys };
        return JsonSerializer.Serialize(document);
    }
}
