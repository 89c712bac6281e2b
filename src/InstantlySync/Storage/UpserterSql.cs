using System.Collections.Concurrent;
using NpgsqlTypes;

namespace InstantlySync.Storage;

/// <summary>The SQL text the upserter runs for one raw table, built once per table.</summary>
internal sealed class UpserterSql
{
    private static readonly ConcurrentDictionary<string, UpserterSql> Cache = new(StringComparer.Ordinal);

    private UpserterSql(RawTable table)
    {
        var stage = $"isync_stage_{table.Entity}";
        var columns = table.Columns.Select(c => c.Name).ToList();
        var keys = table.Key.Select(c => c.Name).ToList();
        var extracted = table.Extracted.Select(c => c.Name).ToList();
        var staged = string.Join(", ", columns.Append("raw_json"));

        // Kept for the life of the session and emptied at each commit: a pooled connection reuses
        // it instead of paying for catalog writes on every batch. A rolled-back batch leaves it
        // empty too (or never created), and a session reset (DISCARD ALL) simply recreates it.
        CreateStage = $"CREATE TEMP TABLE IF NOT EXISTS {stage} ({string.Join(", ", table.Columns.Select(c => $"{c.Name} {TypeName(c.Type)}"))}, raw_json jsonb) ON COMMIT DELETE ROWS";
        Copy = $"COPY {stage} ({staged}) FROM STDIN (FORMAT BINARY)";
        ClearStage = $"DELETE FROM {stage}";

        // The WHERE guard leaves a row whose merged JSON and columns equal what is stored
        // untouched: no new tuple, so updated_at and sync_batch_id keep their values. (A NOT EXISTS
        // pre-filter against the raw table was tried: with an unanalysed staging table the planner
        // chose a hash anti-join that reads the whole raw table on every batch.)
        Upsert = $"""
            WITH upserted AS (
                INSERT INTO {table.Name} AS t ({staged}, sync_batch_id, synced_at)
                SELECT {staged}, $1, now() FROM {stage}
                ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET
                    {string.Concat(extracted.Select(c => $"{c} = EXCLUDED.{c}, "))}raw_json = t.raw_json || EXCLUDED.raw_json,
                    sync_batch_id = EXCLUDED.sync_batch_id, synced_at = EXCLUDED.synced_at, updated_at = now()
                WHERE (t.raw_json || EXCLUDED.raw_json{string.Concat(extracted.Select(c => $", EXCLUDED.{c}"))})
                      IS DISTINCT FROM (t.raw_json{string.Concat(extracted.Select(c => $", t.{c}"))})
                RETURNING (xmax = 0) AS inserted)
            SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM upserted
            """;

        // Every staged record has landed, so its open dead letters are resolved. The uncorrelated
        // EXISTS runs once: with no open letters for the entity the join is never executed.
        ResolveDeadLetters = $"""
            UPDATE sync_dead_letters d SET resolved_at = now(), resolved_by_batch_id = $1
              FROM {stage} s
             WHERE d.entity = $2 AND d.resolved_at IS NULL AND d.record_key = {KeyText(table, "s")}
               AND EXISTS (SELECT 1 FROM sync_dead_letters o WHERE o.entity = $2 AND o.resolved_at IS NULL)
            """;

        // LATERAL … LIMIT 1 makes every lookup an index probe on the key, also for keys that may be NULL.
        var match = string.Join(" AND ", table.Key.Select(c => c.Nullable
            ? $"(t.{c.Name} = s.{c.Name} OR (t.{c.Name} IS NULL AND s.{c.Name} IS NULL))"
            : $"t.{c.Name} = s.{c.Name}"));
        Compare = $"""
            SELECT count(*) FILTER (WHERE t.raw_json IS NULL)::int,
                   count(*) FILTER (WHERE t.raw_json IS NOT NULL
                       AND (t.raw_json || s.raw_json{string.Concat(extracted.Select(c => $", s.{c}"))})
                           IS DISTINCT FROM (t.raw_json{string.Concat(extracted.Select(c => $", t.{c}"))}))::int
              FROM {stage} s
              LEFT JOIN LATERAL (SELECT * FROM {table.Name} t WHERE {match} LIMIT 1) t ON true
            """;
    }

    public string CreateStage { get; }
    public string Copy { get; }
    public string ClearStage { get; }
    public string Upsert { get; }
    public string ResolveDeadLetters { get; }
    public string Compare { get; }

    public static UpserterSql For(RawTable table) => Cache.GetOrAdd(table.Name, _ => new UpserterSql(table));

    /// <summary>The key as <see cref="Transform.RawRow.KeyText"/> formats it, so dead letters match.</summary>
    private static string KeyText(RawTable table, string alias)
    {
        if (table.Key is [{ Type: NpgsqlDbType.Text } single])
        {
            return $"{alias}.{single.Name}";
        }

        var parts = table.Key.Select(c => c.Type == NpgsqlDbType.Date
            ? $"coalesce(to_char({alias}.{c.Name}, 'YYYY-MM-DD'), '')"
            : $"coalesce({alias}.{c.Name}::text, '')");
        return $"concat_ws('|', {string.Join(", ", parts)})";
    }

    private static string TypeName(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Numeric => "numeric",
        NpgsqlDbType.Date => "date",
        NpgsqlDbType.TimestampTz => "timestamptz",
        NpgsqlDbType.Boolean => "boolean",
        NpgsqlDbType.Jsonb => "jsonb",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No staging type for this column type"),
    };
}
