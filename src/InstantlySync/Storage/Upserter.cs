using InstantlySync.Entities;
using Npgsql;
using Serilog;

namespace InstantlySync.Storage;

/// <summary>
/// Counts for one batch, over distinct keys (in-batch duplicates are collapsed first):
/// inserted + updated + unchanged + failed = distinct rows.
/// </summary>
internal sealed record BatchResult(int Inserted, int Updated, int Unchanged, int Failed, IReadOnlyList<RowFailure> Failures);

internal sealed record RowFailure(RawRow Row, string Error);

/// <summary>
/// Writes batches of rows into a raw table. First, outside any transaction, one probe looks up each
/// row's key and compares its <see cref="RowHash"/> fingerprint with the stored one: rows equal to
/// what was last written are never sent. Rows with no stored version are binary-COPYed straight
/// into the table. Rows whose stored version differs go as array parameters into one <c>INSERT …
/// SELECT … FROM unnest … ON CONFLICT DO UPDATE</c> that merges <c>raw_json</c> (stored || incoming)
/// and skips rows that would not change. All of it, the batch's dead letters and the caller's
/// checkpoint commit in one transaction. An upserter writes one workspace's rows.
/// <para>
/// Initial loads skip the probe: once a probe of a table finds every row of a batch absent (and no
/// open dead letters), the next batches of that table are COPYed without one. The first COPY the
/// database refuses (a key already stored, a bad value) lands nothing; that batch and the ones
/// after it take the probing path again.
/// </para>
/// </summary>
internal sealed class Upserter(NpgsqlDataSource dataSource, string workspaceId, ILogger logger)
{
    private const string BatchSavepoint = "upsert_batch";

    private readonly ILogger _logger = logger.ForContext<Upserter>();
    private readonly DeadLetters _deadLetters = new(dataSource, workspaceId);

    /// <summary>Tables whose last probe found only new rows: their next batch is COPYed without probing.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _loading = new(StringComparer.Ordinal);

    /// <summary>
    /// Upserts <paramref name="rows"/> as batch <paramref name="batchId"/>. <paramref name="checkpoint"/>
    /// runs in the same transaction just before COMMIT, so a watermark advances only with its rows;
    /// if it throws, nothing of the batch lands. When the set-based statement fails because of the
    /// data, the batch is retried in halves until each bad row is isolated: good rows land, bad rows
    /// become failures and dead letters.
    /// </summary>
    public async Task<BatchResult> UpsertAsync(
        RawTable table,
        IReadOnlyList<RawRow> rows,
        Guid batchId,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? checkpoint,
        CancellationToken cancellationToken)
    {
        var sql = UpserterSql.For(table);
        var failures = new List<RowFailure>();
        var distinct = StagedRow.From(UpserterRows.Prepare(table, rows, failures));
        var rejectedBeforeStaging = failures.Count;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (distinct.Count > 0 && failures.Count == 0 && _loading.GetValueOrDefault(table.Name)
            && await TryCopyAllAsync(connection, table, sql, distinct, batchId, checkpoint, cancellationToken))
        {
            return Report(table, Result(distinct.Count, distinct.Count, 0, failures, rejectedBeforeStaging));
        }

        var (absent, differing, openLetters) = distinct.Count == 0
            ? ([], [], false)
            : await FindStaleAsync(connection, table, sql, distinct, cancellationToken);
        _loading[table.Name] = distinct.Count > 0 && absent.Count == distinct.Count && !openLetters;
        if (absent.Count == 0 && differing.Count == 0 && !openLetters && failures.Count == 0 && checkpoint is null)
        {
            // Every row equals what is stored and there is nothing else to record: no transaction at all.
            return Report(table, Result(distinct.Count, 0, 0, failures, rejectedBeforeStaging));
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var inserted = 0;
            if (absent.Count > 0)
            {
                try
                {
                    // Rows with no stored version need no merge: binary COPY straight into the table.
                    await UpserterRows.CopyAsync(connection, sql, table, absent, workspaceId, batchId, cancellationToken);
                    inserted = absent.Count;
                }
                catch (PostgresException ex) when (IsRowProblem(ex))
                {
                    // A bad value, or a key stored meanwhile by someone else: the COPY landed nothing and
                    // aborted the transaction. Start again and send these rows through the merging
                    // statement, which isolates bad rows.
                    _logger.Debug("COPY of {Count} new {Entity} rows was refused ({Error}); merging them instead", absent.Count, table.Entity, ex.MessageText);
                    await transaction.RollbackAsync(cancellationToken);
                    await transaction.DisposeAsync();
                    transaction = await connection.BeginTransactionAsync(cancellationToken);
                    differing = [.. absent, .. differing];
                }
            }

            var (merged, updated) = differing.Count == 0
                ? (0, 0)
                : await WriteAsync(connection, transaction, table, sql, differing, batchId, failures, cancellationToken);
            inserted += merged;
            await FinishAsync(connection, transaction, table, distinct, failures, openLetters, batchId, checkpoint, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Report(table, Result(distinct.Count, inserted, updated, failures, rejectedBeforeStaging));
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// COPYs every row as new, with the checkpoint, in one transaction. False when the database
    /// refuses the COPY: nothing landed, and the table goes back to probing.
    /// </summary>
    private async Task<bool> TryCopyAllAsync(
        NpgsqlConnection connection, RawTable table, UpserterSql sql, List<StagedRow> rows, Guid batchId,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? checkpoint, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await UpserterRows.CopyAsync(connection, sql, table, rows, workspaceId, batchId, cancellationToken);
        }
        catch (PostgresException ex) when (IsRowProblem(ex))
        {
            _logger.Debug("COPY of {Count} {Entity} rows as new was refused ({Error}); probing again", rows.Count, table.Entity, ex.MessageText);
            await transaction.RollbackAsync(cancellationToken);
            _loading[table.Name] = false;
            return false;
        }

        if (checkpoint is not null)
        {
            await checkpoint(connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>What commits with the rows: resolved and new dead letters, then the caller's checkpoint.</summary>
    private async Task FinishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RawTable table, List<StagedRow> distinct, List<RowFailure> failures,
        bool openLetters, Guid batchId, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? checkpoint,
        CancellationToken cancellationToken)
    {
        if (openLetters)
        {
            // Every distinct row that did not fail has landed (written now or stored before as it is).
            var failed = failures.Select(f => f.Row).ToHashSet(ReferenceEqualityComparer.Instance);
            var landed = distinct.Where(r => !failed.Contains(r.Row)).Select(r => r.Row.KeyText).ToList();
            await _deadLetters.ResolveAsync(connection, transaction, table.Entity, landed, batchId, cancellationToken);
        }

        foreach (var failure in failures)
        {
            _logger.Warning("Could not write {Entity} record {RecordKey}: {Error}", table.Entity, failure.Row.KeyText, failure.Error);
            await _deadLetters.RecordAsync(connection, transaction,
                new DeadLetter(batchId, table.Entity, failure.Row.KeyText, null, failure.Error, failure.Row.RawJson), cancellationToken);
        }

        if (checkpoint is not null)
        {
            await checkpoint(connection, transaction, cancellationToken);
        }
    }

    /// <summary>
    /// Dry run: how many rows would be inserted, updated or left unchanged. One read-only
    /// statement; nothing is written.
    /// </summary>
    public async Task<BatchResult> CompareAsync(RawTable table, IReadOnlyList<RawRow> rows, CancellationToken cancellationToken)
    {
        var sql = UpserterSql.For(table);
        var failures = new List<RowFailure>();
        var distinct = StagedRow.From(UpserterRows.Prepare(table, rows, failures));
        var rejectedBeforeStaging = failures.Count;
        if (distinct.Count == 0)
        {
            return Result(0, 0, 0, failures, rejectedBeforeStaging);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (inserted, updated) = await AttemptAsync(connection, transaction, table, distinct, failures,
            (part, around) => Counted(sql.Compare, UpserterRows.Columns(table, part).Append(new NpgsqlParameter { Value = workspaceId }), around), cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return Result(distinct.Count, inserted, updated, failures, rejectedBeforeStaging);
    }

    private BatchResult Report(RawTable table, BatchResult result)
    {
        _logger.Debug("Upserted {Inserted} new and {Updated} changed {Entity} rows; {Unchanged} unchanged, {Failed} failed",
            result.Inserted, result.Updated, table.Entity, result.Unchanged, result.Failed);
        return result;
    }

    /// <param name="staged">Distinct rows that passed the checks before sending.</param>
    /// <param name="rejectedBeforeStaging">Failures found before sending; the rest of <paramref name="failures"/> are rows the database refused.</param>
    private static BatchResult Result(int staged, int inserted, int updated, List<RowFailure> failures, int rejectedBeforeStaging)
    {
        var refused = failures.Count - rejectedBeforeStaging;
        return new BatchResult(inserted, updated, staged - inserted - updated - refused, failures.Count, failures);
    }

    /// <summary>
    /// Sorts the rows by what is stored under their key: nothing (absent), or a version whose
    /// fingerprint differs or is missing (differing); rows equal to their stored version are left
    /// out. Also says whether the entity has open dead letters. A read, outside the transaction.
    /// </summary>
    private async Task<(List<StagedRow> Absent, List<StagedRow> Differing, bool OpenLetters)> FindStaleAsync(
        NpgsqlConnection connection, RawTable table, UpserterSql sql, List<StagedRow> rows, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql.FindStale, connection);
        command.Parameters.AddRange(UpserterRows.Keys(table, rows).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = table.Entity });
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        var absent = new List<StagedRow>();
        var differing = new List<StagedRow>();
        var openLetters = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt32(0);
            if (position == 0)
            {
                openLetters = true;
            }
            else
            {
                (reader.GetBoolean(1) ? differing : absent).Add(rows[position - 1]);
            }
        }

        return (absent, differing, openLetters);
    }

    private async Task<(int Inserted, int Updated)> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RawTable table, UpserterSql sql, List<StagedRow> rows, Guid batchId,
        List<RowFailure> failures, CancellationToken cancellationToken)
        => await AttemptAsync(connection, transaction, table, rows, failures, (part, around) =>
        {
            var parameters = UpserterRows.Columns(table, part)
                .Append(new NpgsqlParameter { Value = batchId })
                .Append(new NpgsqlParameter { Value = workspaceId });
            return Counted(sql.Upsert, parameters, around);
        }, cancellationToken);

    /// <summary>The statement over some rows, with the statements to pipeline around it; returns (inserted, updated).</summary>
    private delegate Task<(int Inserted, int Updated)> RowsStatement(List<StagedRow> rows, PipelinedStatements around);

    /// <summary>Statements sent in the same round trip as the counted one: before it and after it.</summary>
    private sealed record PipelinedStatements(NpgsqlConnection Connection, NpgsqlTransaction Transaction, string Before, string After, CancellationToken CancellationToken);

    private static async Task<(int, int)> Counted(string sql, IEnumerable<NpgsqlParameter> parameters, PipelinedStatements around)
    {
        await using var batch = new NpgsqlBatch(around.Connection, around.Transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(around.Before));
        var counted = new NpgsqlBatchCommand(sql);
        counted.Parameters.AddRange(parameters.ToArray());
        batch.BatchCommands.Add(counted);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(around.After));
        await using var reader = await batch.ExecuteReaderAsync(around.CancellationToken);
        // The SAVEPOINT has no rows; the counted statement's result set comes next.
        while (reader.FieldCount == 0 && await reader.NextResultAsync(around.CancellationToken))
        {
        }

        await reader.ReadAsync(around.CancellationToken);
        var counts = (reader.GetInt32(0), reader.GetInt32(1));
        // Drains the remaining statements so their errors surface here, inside the savepoint.
        while (await reader.NextResultAsync(around.CancellationToken))
        {
        }

        return counts;
    }

    /// <summary>
    /// Runs <paramref name="statement"/> over <paramref name="rows"/> under a savepoint (sent in the
    /// same round trip). When the data is refused, the rows are retried in halves until every bad
    /// row stands alone: O(bad rows × log n) statements, and only on the rare batch that fails.
    /// </summary>
    private async Task<(int Inserted, int Updated)> AttemptAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RawTable table, List<StagedRow> rows,
        List<RowFailure> failures, RowsStatement statement, CancellationToken cancellationToken, bool whole = true)
    {
        try
        {
            return await statement(rows, new PipelinedStatements(connection, transaction,
                $"SAVEPOINT {BatchSavepoint}", $"RELEASE SAVEPOINT {BatchSavepoint}", cancellationToken));
        }
        catch (PostgresException ex) when (IsRowProblem(ex))
        {
            await transaction.RollbackAsync(BatchSavepoint, cancellationToken);
            await transaction.ReleaseAsync(BatchSavepoint, cancellationToken);
            if (whole)
            {
                _logger.Warning("Batch of {Count} {Entity} rows was refused ({Error}); retrying in smaller parts", rows.Count, table.Entity, ex.MessageText);
            }

            if (rows.Count == 1)
            {
                failures.Add(new RowFailure(rows[0].Row, Describe(ex)));
                return (0, 0);
            }

            var half = rows.Count / 2;
            var firstHalf = await AttemptAsync(connection, transaction, table, rows[..half], failures, statement, cancellationToken, whole: false);
            var secondHalf = await AttemptAsync(connection, transaction, table, rows[half..], failures, statement, cancellationToken, whole: false);
            return (firstHalf.Inserted + secondHalf.Inserted, firstHalf.Updated + secondHalf.Updated);
        }
    }

    /// <summary>
    /// Errors caused by the data of some row (class 22 data exception, 23 integrity violation,
    /// 21 cardinality, 54 limits such as an oversized value). Anything else (a lost connection,
    /// cancellation, a serialization failure, an SQL error) is not the rows' fault and fails the batch.
    /// </summary>
    private static bool IsRowProblem(PostgresException ex) => ex.SqlState[..2] is "21" or "22" or "23" or "54";

    private static string Describe(PostgresException ex)
        => ex.Detail is { Length: > 0 } detail ? $"{ex.SqlState} {ex.MessageText} ({detail})" : $"{ex.SqlState} {ex.MessageText}";
}

