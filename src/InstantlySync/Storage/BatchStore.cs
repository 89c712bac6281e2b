using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

/// <summary>One row per run of a workspace in <c>sync_batches</c>.</summary>
internal sealed class BatchStore(NpgsqlDataSource dataSource, string workspaceId)
{
    public async Task StartAsync(Guid id, string mode, DateTimeOffset? windowStart, DateTimeOffset? windowEnd,
        IReadOnlyList<string> entities, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sync_batches (id, workspace_id, mode, window_start, window_end, entities, status, started_at)
            VALUES (@id, @workspaceId, @mode, @windowStart, @windowEnd, @entities, 'running', @startedAt)
            """,
            new
            {
                id,
                workspaceId,
                mode,
                windowStart = windowStart?.UtcDateTime,
                windowEnd = windowEnd?.UtcDateTime,
                entities = entities.ToArray(),
                startedAt = startedAt.UtcDateTime,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records the outcome. Runs even when the run was cancelled, so it ignores the run's token.</summary>
    public async Task FinishAsync(Guid id, string status, string countsJson, string? error, DateTimeOffset finishedAt)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sync_batches
            SET status = @status, counts = @countsJson::jsonb, error = @error, finished_at = @finishedAt
            WHERE id = @id
            """,
            new { id, status, countsJson, error, finishedAt = finishedAt.UtcDateTime }));
    }

    /// <summary>
    /// The workspace's runs left "running" by a process that was killed: called while holding the
    /// workspace's run lock, so none of them can still be alive.
    /// </summary>
    public async Task<int> CloseAbandonedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sync_batches
            SET status = 'failed', finished_at = @now, error = 'interrupted: the process ended before the run finished'
            WHERE workspace_id = @workspaceId AND status = 'running'
            """,
            new { workspaceId, now = now.UtcDateTime }, cancellationToken: cancellationToken));
    }

    public async Task<Guid?> LatestRunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM sync_batches WHERE workspace_id = @workspaceId AND status = 'running' ORDER BY started_at DESC LIMIT 1",
            new { workspaceId }, cancellationToken: cancellationToken));
    }
}
