using Dapper;
using InstantlySync.Entities;
using Npgsql;

namespace InstantlySync.Storage;

// Property records rather than positional ones: Dapper binds columns to settable properties
// without the exact-constructor matching that nullable and array columns trip over.
internal sealed record RunSummary
{
    public Guid Id { get; init; }
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
    public string Entity { get; init; } = "";
    public DateTime? Watermark { get; init; }
    public Guid? LastBatchId { get; init; }
    public DateTime UpdatedAt { get; init; }
}

internal sealed record LogSummary
{
    public DateTime CreatedAt { get; init; }
    public Guid? BatchId { get; init; }
    public string Level { get; init; } = "";
    public string Step { get; init; } = "";
    public string Message { get; init; } = "";
}

internal sealed record DeadLetterSummary
{
    public DateTime CreatedAt { get; init; }
    public Guid? BatchId { get; init; }
    public string Entity { get; init; } = "";
    public string? RecordKey { get; init; }
    public int? HttpStatus { get; init; }
    public string Error { get; init; } = "";
    public int RetryCount { get; init; }
}

internal sealed record StatusReport(
    IReadOnlyList<RunSummary> Runs,
    IReadOnlyList<WatermarkSummary> Watermarks,
    IReadOnlyDictionary<string, long> RowCounts,
    IReadOnlyList<LogSummary> RecentErrors,
    long OpenDeadLetters,
    IReadOnlyList<DeadLetterSummary> RecentDeadLetters);

/// <summary>The read-only queries behind <c>instantly-sync status</c>.</summary>
internal static class StatusQueries
{
    /// <summary>Each entity's raw table, in catalog order.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = EntityCatalog.All.ToDictionary(e => e.Name, e => e.Table.Name);

    public static async Task<StatusReport> ReadAsync(NpgsqlDataSource dataSource, int runs, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recentRuns = (await connection.QueryAsync<RunSummary>(new CommandDefinition(
            """
            SELECT id, mode, window_start AS WindowStart, window_end AS WindowEnd, array_to_string(entities, ',') AS EntityList, status, dry_run AS DryRun,
                   counts::text AS Counts, started_at AS StartedAt, finished_at AS FinishedAt, error
            FROM sync_batches ORDER BY started_at DESC LIMIT @runs
            """, new { runs }, cancellationToken: cancellationToken))).ToList();
        var watermarks = (await connection.QueryAsync<WatermarkSummary>(new CommandDefinition(
            "SELECT entity, watermark, last_batch_id AS LastBatchId, updated_at AS UpdatedAt FROM sync_state ORDER BY entity",
            cancellationToken: cancellationToken))).ToList();

        var counts = new Dictionary<string, long>();
        foreach (var (entity, table) in Tables)
        {
            counts[entity] = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {table}", cancellationToken: cancellationToken));
        }

        var errors = (await connection.QueryAsync<LogSummary>(new CommandDefinition(
            """
            SELECT created_at AS CreatedAt, batch_id AS BatchId, level, step, message
            FROM sync_logs WHERE level IN ('ERROR', 'WARNING') ORDER BY created_at DESC, id DESC LIMIT 10
            """, cancellationToken: cancellationToken))).ToList();
        var openDeadLetters = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM sync_dead_letters WHERE resolved_at IS NULL", cancellationToken: cancellationToken));
        var deadLetters = (await connection.QueryAsync<DeadLetterSummary>(new CommandDefinition(
            """
            SELECT created_at AS CreatedAt, batch_id AS BatchId, entity, record_key AS RecordKey, http_status AS HttpStatus, error, retry_count AS RetryCount
            FROM sync_dead_letters WHERE resolved_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 10
            """, cancellationToken: cancellationToken))).ToList();

        return new StatusReport(recentRuns, watermarks, counts, errors, openDeadLetters, deadLetters);
    }
}
