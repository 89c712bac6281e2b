using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

/// <summary>One workspace's per-entity watermarks in <c>sync_state</c>.</summary>
internal sealed class StateStore(NpgsqlDataSource dataSource, string workspaceId)
{
    public async Task<IReadOnlyDictionary<string, DateTimeOffset?>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Entity, DateTime? Watermark)>(new CommandDefinition(
            "SELECT entity, watermark FROM sync_state WHERE workspace_id = @workspaceId", new { workspaceId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Entity, r => r.Watermark is { } w ? new DateTimeOffset(DateTime.SpecifyKind(w, DateTimeKind.Utc)) : (DateTimeOffset?)null);
    }

    /// <summary>
    /// Moves an entity's watermark forward inside the caller's transaction, so it commits with the
    /// rows it covers. It never moves backwards here: only <see cref="RewindAsync"/> does that.
    /// </summary>
    public static Task AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string workspaceId, string entity,
        DateTimeOffset? watermark, Guid batchId, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sync_state (workspace_id, entity, watermark, last_batch_id, updated_at)
            VALUES (@workspaceId, @entity, @watermark, @batchId, now())
            ON CONFLICT (workspace_id, entity) DO UPDATE SET
                watermark = CASE
                    WHEN sync_state.watermark IS NULL THEN EXCLUDED.watermark
                    WHEN EXCLUDED.watermark IS NULL THEN sync_state.watermark
                    ELSE GREATEST(sync_state.watermark, EXCLUDED.watermark) END,
                last_batch_id = EXCLUDED.last_batch_id,
                updated_at = now()
            """,
            new { workspaceId, entity, watermark = watermark?.UtcDateTime, batchId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Rewinds the watermarks of <paramref name="entities"/> to <paramref name="to"/> (never forwards), persisted at once.</summary>
    public async Task RewindAsync(IEnumerable<string> entities, DateTimeOffset to, Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sync_state (workspace_id, entity, watermark, last_batch_id, updated_at)
            SELECT @workspaceId, e, @to, @batchId, now() FROM unnest(@entities) AS e
            ON CONFLICT (workspace_id, entity) DO UPDATE SET
                watermark = LEAST(COALESCE(sync_state.watermark, EXCLUDED.watermark), EXCLUDED.watermark),
                last_batch_id = EXCLUDED.last_batch_id,
                updated_at = now()
            """,
            new { workspaceId, entities = entities.ToArray(), to = to.UtcDateTime, batchId }, cancellationToken: cancellationToken));
    }
}
