using System.Collections.Concurrent;
using InstantlySync.Entities;
using NpgsqlTypes;

namespace InstantlySync.Storage;

/// <summary>
/// The SQL text the upserter runs for one raw table, built once per table. Rows travel as one
/// array parameter per column (see <see cref="UpserterRows"/>) and are read back with
/// <c>unnest</c>: a batch is a single statement, with no staging table to create, fill and empty.
/// A batch belongs to one workspace: its id is one more parameter, written into <c>workspace_id</c>
/// and matched first in every lookup (it leads every key and index).
/// </summary>
internal sealed class UpserterSql
{
    private static readonly ConcurrentDictionary<string, UpserterSql> Cache = new(StringComparer.Ordinal);

    private UpserterSql(RawTable table)
    {
        var columns = table.Columns.ToList();
        var keys = table.Key.Select(c => c.Name).ToList();
        var extracted = table.Extracted.Select(c => c.Name).ToList();
        var written = string.Join(", ", columns.Select(c => c.Name).Append("raw_json").Append("raw_hash"));

        // $1…$n: one array per column, then raw_json, raw_hash; the batch id and the workspace follow
        // (the dry run's comparison sends no batch id, so its workspace comes one earlier).
        var rows = Unnest(columns.Select(c => TypeName(c.Type)).Append("jsonb").Append("bytea"), written);
        var batchId = $"${columns.Count + 3}";
        var workspace = $"${columns.Count + 4}::text";
        var comparedWorkspace = $"${columns.Count + 3}::text";

        // The WHERE guard leaves a row whose merged JSON and columns equal what is stored
        // untouched: no new tuple, so updated_at and sync_batch_id keep their values. raw_hash
        // follows the values written, so it changes only together with them.
        Upsert = $"""
            WITH upserted AS (
                INSERT INTO {table.Name} AS t (workspace_id, {written}, sync_batch_id, synced_at)
                SELECT {workspace}, i.*, {batchId}::uuid, now() FROM {rows}
                ON CONFLICT (workspace_id, {string.Join(", ", keys)}) DO UPDATE SET
                    {string.Concat(extracted.Select(c => $"{c} = EXCLUDED.{c}, "))}raw_json = t.raw_json || EXCLUDED.raw_json,
                    raw_hash = EXCLUDED.raw_hash, sync_batch_id = EXCLUDED.sync_batch_id, synced_at = EXCLUDED.synced_at, updated_at = now()
                WHERE (t.raw_json || EXCLUDED.raw_json{string.Concat(extracted.Select(c => $", EXCLUDED.{c}"))})
                      IS DISTINCT FROM (t.raw_json{string.Concat(extracted.Select(c => $", t.{c}"))})
                RETURNING (xmax = 0) AS inserted)
            SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM upserted
            """;

        Copy = $"COPY {table.Name} (workspace_id, {written}, sync_batch_id) FROM STDIN (FORMAT BINARY)";

        // LATERAL … LIMIT 1 makes every lookup an index probe on the key, also for keys that may be NULL.
        string Match(string workspaceParameter) => string.Join(" AND ", table.Key.Select(c => c.Nullable
            ? $"(t.{c.Name} = i.{c.Name} OR (t.{c.Name} IS NULL AND i.{c.Name} IS NULL))"
            : $"t.{c.Name} = i.{c.Name}").Prepend($"t.workspace_id = {workspaceParameter}"));

        // $1…$k: one array per key column, then the fingerprints; $k+2 is the entity, $k+3 the
        // workspace. Returns the 1-based position of every row not stored (stored = false) or
        // stored with another or no fingerprint (stored = true), and a 0 when the entity has open
        // dead letters that landing rows may resolve.
        var probes = Unnest(table.Key.Select(c => TypeName(c.Type)).Append("bytea"), string.Join(", ", keys.Append("raw_hash")), ordinality: "n");
        var probedWorkspace = $"${table.Key.Count + 3}::text";
        FindStale = $"""
            SELECT i.n::int, t.stored IS NOT NULL FROM {probes}
              LEFT JOIN LATERAL (SELECT t.raw_hash, true AS stored FROM {table.Name} t WHERE {Match(probedWorkspace)} LIMIT 1) t ON true
             WHERE t.stored IS NULL OR t.raw_hash IS DISTINCT FROM i.raw_hash
            UNION ALL
            SELECT 0, false WHERE EXISTS (SELECT 1 FROM sync_dead_letters
                                           WHERE workspace_id = {probedWorkspace} AND entity = ${table.Key.Count + 2} AND resolved_at IS NULL)
            """;

        // Dry run: the same arrays as the upsert (its batch id is not sent).
        Compare = $"""
            SELECT count(*) FILTER (WHERE t.raw_json IS NULL)::int,
                   count(*) FILTER (WHERE t.raw_json IS NOT NULL
                       AND (t.raw_json || i.raw_json{string.Concat(extracted.Select(c => $", i.{c}"))})
                           IS DISTINCT FROM (t.raw_json{string.Concat(extracted.Select(c => $", t.{c}"))}))::int
              FROM {rows}
              LEFT JOIN LATERAL (SELECT * FROM {table.Name} t WHERE {Match(comparedWorkspace)} LIMIT 1) t ON true
            """;
    }

    public string Copy { get; }
    public string Upsert { get; }
    public string FindStale { get; }
    public string Compare { get; }

    public static UpserterSql For(RawTable table) => Cache.GetOrAdd(table.Name, _ => new UpserterSql(table));

    private static string Unnest(IEnumerable<string> types, string names, string? ordinality = null)
    {
        var arrays = types.Select((type, i) => $"${i + 1}::{type}[]");
        return ordinality is null
            ? $"unnest({string.Join(", ", arrays)}) AS i({names})"
            : $"unnest({string.Join(", ", arrays)}) WITH ORDINALITY AS i({names}, {ordinality})";
    }

    public static string TypeName(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Numeric => "numeric",
        NpgsqlDbType.Date => "date",
        NpgsqlDbType.TimestampTz => "timestamptz",
        NpgsqlDbType.Boolean => "boolean",
        NpgsqlDbType.Jsonb => "jsonb",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No array type for this column type"),
    };
}
