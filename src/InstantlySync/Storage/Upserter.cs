using InstantlySync.Transform;
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
/// Writes batches of rows into a raw table: binary COPY into a temp staging table, then one
/// <c>INSERT … SELECT … ON CONFLICT DO UPDATE</c> that merges <c>raw_json</c> (stored || incoming)
/// and skips rows that would not change. A batch, its dead letters and the caller's checkpoint
/// commit in one transaction.
/// </summary>
internal sealed class Upserter(NpgsqlDataSource dataSource, ILogger logger)
{
    private const string BatchSavepoint = "upsert_batch";
    private const string RowsSavepoint = "upsert_rows";

    private readonly ILogger _logger = logger.ForContext<Upserter>();
    private readonly DeadLetters _deadLetters = new(dataSource);

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
        var distinct = UpserterRows.Prepare(table, rows, failures);
        var rejectedBeforeStaging = failures.Count;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (inserted, updated) = distinct.Count == 0
            ? (0, 0)
            : await StageAndRunAsync(connection, transaction, sql, distinct, failures, Upsert(table, sql, batchId), cancellationToken);

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

        await transaction.CommitAsync(cancellationToken);
        var result = Result(distinct.Count, inserted, updated, failures, rejectedBeforeStaging);
        _logger.Debug("Upserted {Inserted} new and {Updated} changed {Entity} rows; {Unchanged} unchanged, {Failed} failed",
            result.Inserted, result.Updated, table.Entity, result.Unchanged, result.Failed);
        return result;
    }

    /// <summary>
    /// Dry run: how many rows would be inserted, updated or left unchanged. The staging table lives
    /// in a transaction that is always rolled back; the raw table is only read.
    /// </summary>
    public async Task<BatchResult> CompareAsync(RawTable table, IReadOnlyList<RawRow> rows, CancellationToken cancellationToken)
    {
        var sql = UpserterSql.For(table);
        var failures = new List<RowFailure>();
        var distinct = UpserterRows.Prepare(table, rows, failures);
        var rejectedBeforeStaging = failures.Count;
        if (distinct.Count == 0)
        {
            return Result(0, 0, 0, failures, rejectedBeforeStaging);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (inserted, updated) = await StageAndRunAsync(connection, transaction, sql, distinct, failures, Compare(sql), cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return Result(distinct.Count, inserted, updated, failures, rejectedBeforeStaging);
    }

    /// <param name="staged">Distinct rows sent to the database.</param>
    /// <param name="rejectedBeforeStaging">Failures found before staging; the rest of <paramref name="failures"/> are staged rows the database refused.</param>
    private static BatchResult Result(int staged, int inserted, int updated, List<RowFailure> failures, int rejectedBeforeStaging)
    {
        var refused = failures.Count - rejectedBeforeStaging;
        return new BatchResult(inserted, updated, staged - inserted - updated - refused, failures.Count, failures);
    }

    /// <summary>The statement run over the staged rows; returns (inserted, updated) or (would insert, would update).</summary>
    /// <remarks><paramref name="after"/> are statements sent in the same round trip once the counts are read.</remarks>
    private delegate Task<(int Inserted, int Updated)> StagedStatement(NpgsqlConnection connection, IReadOnlyList<string> after, CancellationToken cancellationToken);

    private async Task<(int Inserted, int Updated)> StageAndRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, UpserterSql sql, List<RawRow> rows,
        List<RowFailure> failures, StagedStatement statement, CancellationToken cancellationToken)
    {
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.CreateStage));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {BatchSavepoint}"));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await UpserterRows.CopyAsync(connection, sql, rows, cancellationToken);
            return await statement(connection, [$"RELEASE SAVEPOINT {BatchSavepoint}"], cancellationToken);
        }
        catch (PostgresException ex) when (IsRowProblem(ex))
        {
            await transaction.RollbackAsync(BatchSavepoint, cancellationToken);
            _logger.Warning("Batch of {Count} rows was refused ({Error}); retrying in smaller parts", rows.Count, ex.MessageText);
            return await SplitAsync(connection, transaction, sql, rows, ex, failures, statement, cancellationToken);
        }
    }

    /// <summary>
    /// Retries a refused batch in halves, each under a savepoint, until every bad row stands alone.
    /// Costs O(bad rows × log n) statements, and only on the rare batch that fails.
    /// </summary>
    private static async Task<(int Inserted, int Updated)> BisectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, UpserterSql sql, List<RawRow> rows,
        List<RowFailure> failures, StagedStatement statement, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(RowsSavepoint, cancellationToken);
        try
        {
            await UpserterRows.CopyAsync(connection, sql, rows, cancellationToken);
            return await statement(connection, [sql.ClearStage, $"RELEASE SAVEPOINT {RowsSavepoint}"], cancellationToken);
        }
        catch (PostgresException ex) when (IsRowProblem(ex))
        {
            await transaction.RollbackAsync(RowsSavepoint, cancellationToken);
            await transaction.ReleaseAsync(RowsSavepoint, cancellationToken);
            return await SplitAsync(connection, transaction, sql, rows, ex, failures, statement, cancellationToken);
        }
    }

    /// <summary>After <paramref name="rows"/> failed together: a single row is a failure, more are tried as two halves.</summary>
    private static async Task<(int Inserted, int Updated)> SplitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, UpserterSql sql, List<RawRow> rows, PostgresException error,
        List<RowFailure> failures, StagedStatement statement, CancellationToken cancellationToken)
    {
        if (rows.Count == 1)
        {
            failures.Add(new RowFailure(rows[0], Describe(error)));
            return (0, 0);
        }

        var half = rows.Count / 2;
        var first = await BisectAsync(connection, transaction, sql, rows[..half], failures, statement, cancellationToken);
        var second = await BisectAsync(connection, transaction, sql, rows[half..], failures, statement, cancellationToken);
        return (first.Inserted + second.Inserted, first.Updated + second.Updated);
    }

    private static StagedStatement Upsert(RawTable table, UpserterSql sql, Guid batchId) => async (connection, after, cancellationToken) =>
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.Upsert) { Parameters = { new() { Value = batchId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.ResolveDeadLetters)
        {
            Parameters = { new() { Value = batchId }, new() { Value = table.Entity } },
        });
        return await ReadCountsAsync(batch, after, cancellationToken);
    };

    private static StagedStatement Compare(UpserterSql sql) => async (connection, after, cancellationToken) =>
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.Compare));
        return await ReadCountsAsync(batch, after, cancellationToken);
    };

    private static async Task<(int, int)> ReadCountsAsync(NpgsqlBatch batch, IReadOnlyList<string> after, CancellationToken cancellationToken)
    {
        foreach (var command in after)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(command));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var counts = (reader.GetInt32(0), reader.GetInt32(1));
        // Drains the remaining statements so their errors surface here, inside the savepoint.
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return counts;
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
