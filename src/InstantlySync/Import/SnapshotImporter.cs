using System.Text.Json;
using InstantlySync.Cli;
using InstantlySync.Logging;
using InstantlySync.Storage;
using InstantlySync.Sync;
using Npgsql;
using Serilog;

namespace InstantlySync.Import;

/// <summary>How an import ended: the batch status stored in sync_batches and the process exit code.</summary>
internal sealed record ImportOutcome(Guid BatchId, string Status, int ExitCode, IReadOnlyList<ImportedTable> Tables, string? Error);

internal sealed record ImportedTable(string Table, EntityCounts Counts);

/// <summary>
/// Writes a checked snapshot as one batch with mode <c>import</c>: under the run lock, through the
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
internal sealed class SnapshotImporter(NpgsqlDataSource dataSource, TimeProvider time, ILogger logger)
{
    public const string Mode = "import";

    private readonly ILogger _log = logger.ForContext<SnapshotImporter>();

    public async Task<ImportOutcome> RunAsync(Snapshot snapshot, string file, int batchSize, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var batchId = Guid.CreateVersion7(startedAt);
        var log = _log.ForContext(LogContext.BatchIdProperty, batchId);
        var batches = new BatchStore(dataSource);

        await using var runLock = await RunLock.TryAcquireAsync(dataSource, cancellationToken);
        if (runLock is null)
        {
            var holder = await batches.LatestRunningAsync(cancellationToken);
            var message = $"a sync is running (batch {holder?.ToString() ?? "unknown"}); try again when it has finished";
            log.Phase(LogPhases.End, new { holder }).Error("Import not started: {Reason}", message);
            return new ImportOutcome(batchId, "locked", ExitCodes.LockHeld, [], message);
        }

        await batches.CloseAbandonedAsync(startedAt, cancellationToken);
        await batches.StartAsync(batchId, Mode, null, null, snapshot.Entities, startedAt, cancellationToken);
        log.Phase(LogPhases.Start, new { mode = Mode, file, entities = snapshot.Entities, batch_size = batchSize })
            .Information("Import of {File}: {Entities}", file, string.Join(", ", snapshot.Entities));
        foreach (var key in snapshot.UnknownKeys)
        {
            log.Phase(LogPhases.Import, new { key }).Warning("Skipped the unknown snapshot key {Key}", key);
        }

        var tables = SnapshotRows.Build(snapshot);
        var imported = new List<ImportedTable>();
        string? runError = null;
        var exitCode = ExitCodes.Success;
        foreach (var rows in tables)
        {
            var counts = new EntityCounts(rows.Table.Entity);
            imported.Add(new ImportedTable(rows.Table.Name, counts));
            if (cancellationToken.IsCancellationRequested || runError is not null)
            {
                counts.Finish(runError is null ? "cancelled" : "failed", runError);
                continue;
            }

            try
            {
                await WriteAsync(rows, counts, batchId, batchSize, log, cancellationToken);
                counts.Finish(counts.Failed == 0 ? "succeeded" : counts.Written == 0 ? "failed" : "partial");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                counts.Finish("cancelled");
            }
            catch (NpgsqlException ex)
            {
                counts.Finish("failed", Database.Describe(ex));
                if (Database.IsConnectionFailure(ex))
                {
                    runError = $"database unreachable: {Database.Describe(ex)}";
                    exitCode = ExitCodes.ConfigurationError;
                }
            }

            LogEnd(log, counts);
        }

        var outcome = Outcome(batchId, imported, runError, exitCode, cancellationToken.IsCancellationRequested);
        try
        {
            await batches.FinishAsync(batchId, outcome.Status, CountsJson(outcome, file, snapshot.UnknownKeys), outcome.Error, time.GetUtcNow());
        }
        catch (NpgsqlException ex)
        {
            log.Phase(LogPhases.End).Error(ex, "Could not record the outcome of batch {BatchId}", batchId);
        }

        log.Phase(outcome.Status == "cancelled" ? LogPhases.Cancelled : LogPhases.End, new { status = outcome.Status, exit_code = outcome.ExitCode })
            .Information("Import {Status} (exit {ExitCode})", outcome.Status, outcome.ExitCode);
        return outcome;
    }

    private async Task WriteAsync(TableRows rows, EntityCounts counts, Guid batchId, int batchSize, ILogger log, CancellationToken cancellationToken)
    {
        var entity = rows.Table.Entity;
        log.Phase(LogPhases.EntityStart(entity), new { records = rows.Records }).Information("Importing {Records} {Entity} records", rows.Records, entity);
        counts.AddFetched(rows.Records);
        var deadLetters = new DeadLetters(dataSource);
        foreach (var rejected in rows.Rejected)
        {
            counts.AddFailed(1);
            log.Phase(LogPhases.EntityError(entity), new { key = rejected.Key })
                .Warning("Skipped a {Entity} record that cannot be stored: {Error}", entity, rejected.Error);
            await deadLetters.RecordAsync(new DeadLetter(batchId, entity, rejected.Key, null, rejected.Error, rejected.Payload), cancellationToken);
        }

        var upserter = new Upserter(dataSource, log);
        foreach (var chunk in rows.Rows.Chunk(batchSize))
        {
            var result = await upserter.UpsertAsync(rows.Table, chunk, batchId, checkpoint: null, cancellationToken);
            counts.AddWritten(result.Inserted, result.Updated, result.Unchanged, result.Failed);
        }
    }

    private static void LogEnd(ILogger log, EntityCounts c)
    {
        var endLog = log.Phase(LogPhases.EntityEnd(c.Entity), c.ToMeta());
        if (c.Status == "succeeded")
        {
            endLog.Information("Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}", c.Inserted, c.Updated, c.Unchanged);
        }
        else
        {
            endLog.Warning("{Status}: Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}, Failed: {Failed}{Reason}",
                c.Status, c.Inserted, c.Updated, c.Unchanged, c.Failed, c.Error is null ? "" : " - " + c.Error);
        }
    }

    private static ImportOutcome Outcome(Guid batchId, List<ImportedTable> tables, string? runError, int exitCode, bool cancelled)
    {
        var all = tables.Select(t => t.Counts).ToList();
        if (cancelled)
        {
            return new ImportOutcome(batchId, "cancelled", ExitCodes.Cancelled, tables, "cancelled");
        }

        if (exitCode == ExitCodes.ConfigurationError)
        {
            return new ImportOutcome(batchId, "failed", exitCode, tables, runError);
        }

        if (all.All(c => c.Status == "succeeded"))
        {
            return new ImportOutcome(batchId, "succeeded", ExitCodes.Success, tables, null);
        }

        var status = all.All(c => c.Status == "failed") ? "failed" : "partial";
        var error = string.Join("; ", all.Where(c => c.Error is not null).Select(c => $"{c.Entity}: {c.Error}"));
        return new ImportOutcome(batchId, status, ExitCodes.PartialFailure, tables,
            error.Length > 0 ? error : $"{all.Sum(c => c.Failed)} record(s) failed; see sync_dead_letters");
    }

    private static string CountsJson(ImportOutcome outcome, string file, IReadOnlyList<string> unknownKeys)
    {
        var document = outcome.Tables.ToDictionary(t => t.Counts.Entity, t => (object)t.Counts.ToMeta());
        document["_import"] = new { file = Path.GetFileName(file), unknown_keys = unknownKeys };
        return JsonSerializer.Serialize(document);
    }
}
