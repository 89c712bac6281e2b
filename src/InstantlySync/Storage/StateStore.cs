using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

/// <summary>Per-entity watermarks in <c>sync_state</c>.</summary>
internal sealed class StateStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyDictionary<string, DateTimeOffset?>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Entity, DateTime? Watermark)>(new CommandDefinition(
            "SELECT entity, watermark FROM sync_state", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Entity, r => r.Watermark is { } w ? new DateTimeOffset(DateTime.SpecifyKind(w, DateTimeKind.Utc)) : (DateTimeOffset?)null);
    }

    /// <summary>
    /// Moves an entity's watermark forward inside the caller's transaction, so it commits with the
    /// rows it covers. It never moves backwards here: only <see cref="RewindAsync"/> does that.
    /// </summary>
    public static Task AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string entity,
        DateTimeOffset? watermark, Guid batchId, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sync_state (entity, watermark, last_batch_id, updated_at)
            VALUES (@entity, @watermark, @batchId, now())
            ON CONFLICT (entity) DO UPDATE SET
                watermark = CASE
                    WHEN sync_state.watermark IS NULL THEN EXCLUDED.watermark
                    WHEN EXCLUDED.watermark IS NULL THEN sync_state.watermark
                    ELSE GREATEST(sync_state.watermark, EXCLUDED.watermark) END,
                last_batch_id = EXCLUDED.last_batch_id,
                updated_at = now()
            """,
            new { entity, watermark = watermark?.UtcDateTime, batchId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Rewinds the watermarks of <paramref name="entities"/> to <paramref name="to"/> (never forwards), persisted at once.</summary>
    public async Task RewindAsync(IEnumerable<string> entities, DateTimeOffset to, Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sync_state (entity, watermark, last_batch_id, updated_at)
            SELECT e, @to, @batchId, now() FROM unnest(@entities) AS e
            ON CONFLICT (entity) DO UPDATE SET
                watermark = LEAST(COALESCE(sync_state.watermark, EXCLUDED.watermark), EXCLUDED.watermark),
                last_batch_id = EXCLUDED.last_batch_id,
                updated_at = now()
            """,
            new { entities = entities.ToArray(), to = to.UtcDateTime, batchId }, cancellationToken: cancellationToken));
    }
}
