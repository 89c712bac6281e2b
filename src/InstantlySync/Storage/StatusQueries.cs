using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

internal sealed record RunSummary(Guid Id, string Mode, DateTime? WindowStart, DateTime? WindowEnd, string[] Entities,
    string Status, bool DryRun, string Counts, DateTime StartedAt, DateTime? FinishedAt, string? Error);

internal sealed record WatermarkSummary(string Entity, DateTime? Watermark, Guid? LastBatchId, DateTime UpdatedAt);

internal sealed record LogSummary(DateTime CreatedAt, Guid? BatchId, string Level, string Step, string Message);

internal sealed record DeadLetterSummary(DateTime CreatedAt, Guid? BatchId, string Entity, string? RecordKey, int? HttpStatus, string Error, int RetryCount);

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
    public static readonly IReadOnlyDictionary<string, string> Tables = new Dictionary<string, string>
    {
        ["campaigns"] = "instantly_campaigns_raw",
        ["accounts"] = "instantly_accounts_raw",
        ["daily_analytics"] = "instantly_daily_analytics_raw",
        ["steps"] = "instantly_steps_raw",
        ["emails"] = "instantly_emails_raw",
        ["leads"] = "instantly_leads_raw",
    };

    public static async Task<StatusReport> ReadAsync(NpgsqlDataSource dataSource, int runs, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recentRuns = (await connection.QueryAsync<RunSummary>(new CommandDefinition(
            """
            SELECT id, mode, window_start AS WindowStart, window_end AS WindowEnd, entities, status, dry_run AS DryRun,
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
