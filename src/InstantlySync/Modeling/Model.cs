namespace InstantlySync.Modeling;

/// <summary>
/// One modeled table, dbt-style: the SELECT that derives its rows for a run's scope, and the
/// materialization every model shares (<see cref="Materialize"/>). The SELECT returns
/// <c>workspace_id</c>, the key columns and every column in <see cref="Columns"/>, by name.
/// </summary>
/// <param name="Table">The table in Models:Schema.</param>
/// <param name="Key">The key after workspace_id.</param>
/// <param name="Columns">Every other column the model sets (lineage included), compared to decide whether a row changed.</param>
/// <param name="Select">The rows this run derives (only keys within <paramref name="Scope"/>).</param>
/// <param name="Scope">A predicate on a stored row <c>t</c>: this run re-derived its key, so a stored row in scope that <paramref name="Select"/> no longer yields is deleted.</param>
internal sealed record Model(string Table, IReadOnlyList<string> Key, IReadOnlyList<string> Columns, string Select, string Scope)
{
    /// <summary>
    /// Upsert what is derived, writing only rows that differ (IS DISTINCT FROM), so a rerun writes no
    /// tuple; delete what is in scope and no longer derives from anything; add the counts to
    /// <c>transform_counts</c>. One statement, so the three see the same snapshot.
    /// </summary>
    public string Materialize()
    {
        var keys = string.Join(", ", Key);
        var columns = string.Join(", ", Columns);
        var keyMatch = string.Join(" AND ", Key.Select(k => $"d.{k} = t.{k}"));
        return $"""
            WITH derived AS (
            {Select}
            ),
            written AS (
                INSERT INTO {Transform.SchemaPlaceholder}.{Table} AS t (workspace_id, {keys}, {columns}, transform_batch_id, transformed_at)
                SELECT workspace_id, {keys}, {columns}, @batch_id, now() FROM derived
                ON CONFLICT (workspace_id, {keys}) DO UPDATE SET
                    {string.Join(", ", Columns.Select(c => $"{c} = EXCLUDED.{c}"))},
                    transform_batch_id = EXCLUDED.transform_batch_id, transformed_at = EXCLUDED.transformed_at
                WHERE ({string.Join(", ", Columns.Select(c => $"t.{c}"))}) IS DISTINCT FROM ({string.Join(", ", Columns.Select(c => $"EXCLUDED.{c}"))})
                RETURNING (xmax = 0) AS inserted
            ),
            removed AS (
                DELETE FROM {Transform.SchemaPlaceholder}.{Table} t
                 WHERE t.workspace_id = @workspace_id AND ({Scope})
                   AND NOT EXISTS (SELECT 1 FROM derived d WHERE {keyMatch})
                RETURNING 1
            )
            INSERT INTO transform_counts (table_name, inserted, updated, deleted)
            SELECT '{Table}', count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), (SELECT count(*) FROM removed) FROM written
            """;
    }
}
