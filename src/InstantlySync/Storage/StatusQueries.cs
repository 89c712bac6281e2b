using Dapper;
using InstantlySync.Entities;
using Npgsql;

namespace InstantlySync.Storage;

// Property records rather than positional ones: Dapper binds columns to settable properties
// without the exact-constructor matching that nullable and array columns trip over.
internal sealed record RunSummary
{
    public Guid Id { get; init; }
    public string WorkspaceId { get; init; } = "";
    public string? Workspace { get; init; }
    public string Mode { get; init; } = "";
    public DateTime? WindowStart { get; init; }
    public DateTime? WindowEnd { get; init; }
    public string EntityList { get; init; } = "";
    public string Status { get; init; } = "";
    public bool DryRun { get; init; }
    public string Counts { get; init; } = "{}";
    public DateTime StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public string? Error { get; init; }

    public string[] Entities => EntityList.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed record WatermarkSummary
{
    public string WorkspaceId { get; init; } = "";
    public string Entity { get; init; } = "";
    public DateTime? Watermark { get; init; }
    public Guid? LastBatchId { get; init; }
    public DateTime UpdatedAt { get; init; }
}

internal sealed record LogSummary
{
    public DateTime CreatedAt { get; init; }
    public string? WorkspaceId { get; init; }
    public string? Workspace { get; init; }
    public Guid? BatchId { get; init; }
    public string Level { get; init; } = "";
    public string Step { get; init; } = "";
    public string Message { get; init; } = "";
}

internal sealed record DeadLetterSummary
{
    public DateTime CreatedAt { get; init; }
    public string WorkspaceId { get; init; } = "";
    public string? Workspace { get; init; }
    public Guid? BatchId { get; init; }
    public string Entity { get; init; } = "";
    public string? RecordKey { get; init; }
    public int? HttpStatus { get; init; }
    public string Error { get; init; } = "";
    public int RetryCount { get; init; }
}

/// <summary>A workspace the database holds rows of: its id and configured name ('' and null for rows not yet attributed).</summary>
internal sealed record WorkspaceSummary
{
    public string WorkspaceId { get; init; } = "";
    public string? Name { get; init; }
    public DateTime? LastSyncedAt { get; init; }
}

internal sealed record StatusReport(
    IReadOnlyList<WorkspaceSummary> Workspaces,
    IReadOnlyList<RunSummary> Runs,
    IReadOnlyList<WatermarkSummary> Watermarks,
    IReadOnlyDictionary<(string WorkspaceId, string Entity), long> RowCounts,
    IReadOnlyList<LogSummary> RecentErrors,
    long OpenDeadLetters,
    IReadOnlyList<DeadLetterSummary> RecentDeadLetters,
    IReadOnlyList<RunSummary> LastTransforms);

/// <summary>The read-only queries behind <c>instantly-sync status</c>, for every workspace or the chosen ones.</summary>
internal static class StatusQueries
{
    /// <summary>Each entity's raw table, in catalog order.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = EntityCatalog.All.ToDictionary(e => e.Name, e => e.Table.Name);

    /// <param name="names">Configured workspace names to report on; null for every workspace the database holds.</param>
    public static async Task<StatusReport> ReadAsync(NpgsqlDataSource dataSource, int runs, IReadOnlyList<string>? names, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The workspaces reported on: those with rows or a record, named by their configuration.
        var workspaces = (await connection.QueryAsync<WorkspaceSummary>(new CommandDefinition(
            """
            SELECT k.workspace_id AS WorkspaceId, w.name, w.last_synced_at AS LastSyncedAt
            FROM (SELECT workspace_id FROM instantly_workspaces UNION SELECT DISTINCT workspace_id FROM sync_batches) k
            LEFT JOIN instantly_workspaces w USING (workspace_id)
            WHERE @all OR w.name = ANY(@names)
            ORDER BY w.name NULLS LAST, k.workspace_id
            """, new { all = names is null, names = names?.ToArray() ?? [] }, cancellationToken: cancellationToken))).ToList();
        var ids = workspaces.Select(w => w.WorkspaceId).ToArray();
        var scope = new { ids, runs };

        var recentRuns = (await connection.QueryAsync<RunSummary>(new CommandDefinition(
            """
            SELECT b.id, b.workspace_id AS WorkspaceId, w.name AS Workspace, mode, window_start AS WindowStart, window_end AS WindowEnd,
                   array_to_string(entities, ',') AS EntityList, status, dry_run AS DryRun,
                   counts::text AS Counts, started_at AS StartedAt, finished_at AS FinishedAt, error
            FROM sync_batches b LEFT JOIN instantly_workspaces w USING (workspace_id)
            WHERE b.workspace_id = ANY(@ids) ORDER BY started_at DESC LIMIT @runs
            """, scope, cancellationToken: cancellationToken))).ToList();
        var watermarks = (await connection.QueryAsync<WatermarkSummary>(new CommandDefinition(
            """
            SELECT workspace_id AS WorkspaceId, entity, watermark, last_batch_id AS LastBatchId, updated_at AS UpdatedAt
            FROM sync_state WHERE workspace_id = ANY(@ids) ORDER BY workspace_id, entity
            """, scope, cancellationToken: cancellationToken))).ToList();

        var counts = new Dictionary<(string, string), long>();
        foreach (var (entity, table) in Tables)
        {
            var perWorkspace = await connection.QueryAsync<(string WorkspaceId, long Rows)>(new CommandDefinition(
                $"SELECT workspace_id, count(*) FROM {table} WHERE workspace_id = ANY(@ids) GROUP BY workspace_id", scope, cancellationToken: cancellationToken));
            foreach (var (workspaceId, rows) in perWorkspace)
            {
                counts[(workspaceId, entity)] = rows;
            }
        }

        var errors = (await connection.QueryAsync<LogSummary>(new CommandDefinition(
            """
            SELECT l.created_at AS CreatedAt, l.workspace_id AS WorkspaceId, w.name AS Workspace, batch_id AS BatchId, level, step, message
            FROM sync_logs l LEFT JOIN instantly_workspaces w USING (workspace_id)
            WHERE level IN ('ERROR', 'WARNING') AND (l.workspace_id = ANY(@ids) OR (@all AND l.workspace_id IS NULL))
            ORDER BY l.created_at DESC, l.id DESC LIMIT 10
            """, new { ids, all = names is null }, cancellationToken: cancellationToken))).ToList();
        var openDeadLetters = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM sync_dead_letters WHERE resolved_at IS NULL AND workspace_id = ANY(@ids)", scope, cancellationToken: cancellationToken));
        var deadLetters = (await connection.QueryAsync<DeadLetterSummary>(new CommandDefinition(
            """
            SELECT d.created_at AS CreatedAt, d.workspace_id AS WorkspaceId, w.name AS Workspace, batch_id AS BatchId, entity, record_key AS RecordKey,
                   http_status AS HttpStatus, error, retry_count AS RetryCount
            FROM sync_dead_letters d LEFT JOIN instantly_workspaces w USING (workspace_id)
            WHERE resolved_at IS NULL AND d.workspace_id = ANY(@ids) ORDER BY d.created_at DESC, d.id DESC LIMIT 10
            """, scope, cancellationToken: cancellationToken))).ToList();

        // Each workspace's latest transform that was not a dry run (a sync's own, or `transform`'s).
        var transforms = (await connection.QueryAsync<RunSummary>(new CommandDefinition(
            """
            SELECT DISTINCT ON (b.workspace_id) b.id, b.workspace_id AS WorkspaceId, w.name AS Workspace, mode,
                   array_to_string(entities, ',') AS EntityList, status, dry_run AS DryRun,
                   counts::text AS Counts, started_at AS StartedAt, finished_at AS FinishedAt, error
            FROM sync_batches b LEFT JOIN instantly_workspaces w USING (workspace_id)
            WHERE b.workspace_id = ANY(@ids) AND b.mode = 'transform' AND NOT b.dry_run
            ORDER BY b.workspace_id, b.started_at DESC
            """, scope, cancellationToken: cancellationToken))).ToList();

        return new StatusReport(workspaces, recentRuns, watermarks, counts, errors, openDeadLetters, deadLetters, transforms);
    }
}
