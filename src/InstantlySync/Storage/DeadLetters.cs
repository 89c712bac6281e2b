using System.Text.Json;
using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

/// <summary>
/// A record or request that failed. <see cref="Payload"/> is the raw item: stored as JSON when it
/// is JSON, otherwise as a JSON string, so nothing the API sent is lost.
/// </summary>
internal sealed record DeadLetter(Guid? BatchId, string Entity, string? RecordKey, int? HttpStatus, string Error, string? Payload, int RetryCount = 0);

/// <summary>
/// Writes one workspace's <c>sync_dead_letters</c>. One open letter per (entity, record key): a record failing again
/// bumps its retry count instead of piling up rows. Letters without a key (a failed request) are
/// always added, since there is nothing to tell two of them apart by.
/// </summary>
internal sealed class DeadLetters(NpgsqlDataSource dataSource, string workspaceId)
{
    public async Task RecordAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RecordAsync(connection, transaction, letter, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records the letter inside the caller's transaction (the upserter's batch).</summary>
    public async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeadLetter letter, CancellationToken cancellationToken)
    {
        var payloadIsJson = IsJson(letter.Payload);
        if (!payloadIsJson)
        {
            await WriteAsync(connection, transaction, letter, payloadIsJson: false, cancellationToken);
            return;
        }

        // Valid JSON can still be refused by jsonb (a \u0000 escape, a lone surrogate), and that is
        // often why the record failed in the first place; then keep it as a JSON string instead.
        await transaction.SaveAsync("dead_letter", cancellationToken);
        try
        {
            await WriteAsync(connection, transaction, letter, payloadIsJson: true, cancellationToken);
            await transaction.ReleaseAsync("dead_letter", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            await transaction.RollbackAsync("dead_letter", cancellationToken);
            await WriteAsync(connection, transaction, letter, payloadIsJson: false, cancellationToken);
        }
    }

    /// <summary>
    /// Marks the open letters of <paramref name="entity"/> whose key is in <paramref name="keys"/>
    /// as resolved by <paramref name="batchId"/>: those records have now landed.
    /// </summary>
    public Task<int> ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string entity, IReadOnlyCollection<string> keys, Guid batchId, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sync_dead_letters
               SET resolved_at = now(), resolved_by_batch_id = @batchId
             WHERE workspace_id = @workspaceId AND entity = @entity AND resolved_at IS NULL AND record_key = ANY(@keys)
            """,
            new { workspaceId, entity, keys = keys.ToArray(), batchId }, transaction, cancellationToken: cancellationToken));

    private Task<int> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeadLetter letter, bool payloadIsJson, CancellationToken cancellationToken)
    {
        var payload = payloadIsJson ? "@payload::jsonb" : "to_jsonb(@payload::text)";
        var sql = $"""
            WITH bumped AS (
                UPDATE sync_dead_letters
                   SET retry_count = GREATEST(retry_count + 1, @RetryCount), error = @Error, batch_id = @BatchId,
                       http_status = @HttpStatus, payload = {payload}
                 WHERE workspace_id = @workspaceId AND entity = @Entity AND record_key = @RecordKey AND resolved_at IS NULL
                RETURNING id)
            INSERT INTO sync_dead_letters (workspace_id, batch_id, entity, record_key, http_status, error, payload, retry_count)
            SELECT @workspaceId, @BatchId, @Entity, @RecordKey, @HttpStatus, @Error, {payload}, @RetryCount
             WHERE NOT EXISTS (SELECT 1 FROM bumped)
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            workspaceId,
            letter.BatchId,
            letter.Entity,
            letter.RecordKey,
            letter.HttpStatus,
            // Postgres text cannot hold NUL characters; an error message quoting the payload might.
            Error = letter.Error.Replace("\0", "", StringComparison.Ordinal),
            payload = letter.Payload?.Replace("\0", "", StringComparison.Ordinal),
            letter.RetryCount,
        }, transaction, cancellationToken: cancellationToken));
    }

    private static bool IsJson(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
