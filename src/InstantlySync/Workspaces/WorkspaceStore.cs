using Dapper;
using InstantlySync.Entities;
using Npgsql;

namespace InstantlySync.Workspaces;

/// <summary>
/// <c>instantly_workspaces</c>, and attributing rows written before workspaces existed (stored
/// with workspace_id '') to the workspace they came from.
/// </summary>
internal sealed class WorkspaceStore(NpgsqlDataSource dataSource)
{
    /// <summary>The marker migration 0010 gave rows that were in the database before workspaces.</summary>
    public const string Unattributed = "";

    /// <summary>Why a command that writes refuses while unattributed rows wait and several workspaces are configured.</summary>
    public const string AdoptFirst =
        "the database holds rows written before workspaces were configured; name the workspace they came from first: 'instantly-sync migrate --adopt NAME'";

    /// <summary>Every table whose rows carry workspace_id and were attributed at the upgrade.</summary>
    public static IReadOnlyList<string> AttributedTables { get; } =
        [.. EntityCatalog.All.Select(e => e.Table.Name), "sync_batches", "sync_state", "sync_logs", "sync_dead_letters"];

    /// <summary>
    /// Records the workspace as reached now: its id, its configured name (taken from any other
    /// workspace that had it: names move, ids do not) and what the API said.
    /// </summary>
    public async Task RecordAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH released AS (
                UPDATE instantly_workspaces SET name = NULL WHERE name = @name AND workspace_id <> @id)
            INSERT INTO instantly_workspaces AS w (workspace_id, name, raw_json)
            VALUES (@id, @name, @raw::jsonb)
            ON CONFLICT (workspace_id) DO UPDATE SET name = EXCLUDED.name, raw_json = EXCLUDED.raw_json
            """,
            new { id = workspace.Id, name = workspace.Name, raw = workspace.RawJson }, cancellationToken: cancellationToken));
    }

    public async Task MarkSyncedAsync(string workspaceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE instantly_workspaces SET last_synced_at = @at WHERE workspace_id = @workspaceId",
            new { workspaceId, at = at.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>The Instantly id last seen under a configured name, or null.</summary>
    public async Task<string?> FindIdAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT workspace_id FROM instantly_workspaces WHERE name = @name", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>Each named workspace's latest run that was not a dry run: one index probe per workspace.</summary>
    public async Task<IReadOnlyList<(string Name, string Status, DateTime StartedAt, Guid BatchId)>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string, DateTime, Guid)>(new CommandDefinition(
            """
            SELECT w.name, b.status, b.started_at, b.id
              FROM instantly_workspaces w
              CROSS JOIN LATERAL (SELECT status, started_at, id FROM sync_batches
                                   WHERE workspace_id = w.workspace_id AND NOT dry_run
                                   ORDER BY started_at DESC LIMIT 1) b
             WHERE w.name IS NOT NULL
            """, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>True while rows written before workspaces existed wait to be attributed. Index probes only.</summary>
    public async Task<bool> HasUnattributedRowsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var probes = string.Join(" OR ", AttributedTables.Select(t => $"EXISTS (SELECT 1 FROM {t} WHERE workspace_id = @unattributed)"));
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT {probes}", new { unattributed = Unattributed }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Attributes every row written before workspaces existed to <paramref name="workspaceId"/>, in
    /// one transaction: all of them or none. Returns the rows moved per table.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> AdoptAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var moved = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in AttributedTables)
        {
            moved[table] = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {table} SET workspace_id = @workspaceId WHERE workspace_id = @unattributed",
                new { workspaceId, unattributed = Unattributed }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return moved;
    }
}
