using NpgsqlTypes;

namespace InstantlySync.Entities;

/// <summary>
/// One extracted column of a raw table. <paramref name="Nullable"/> matters only for key columns:
/// keys declared <c>UNIQUE NULLS NOT DISTINCT</c> may hold NULL, and lookups must then match NULL to NULL.
/// </summary>
internal sealed record RawColumn(string Name, NpgsqlDbType Type, bool Nullable = true);

/// <summary>
/// A raw table as the upserter sees it, derived from an <see cref="Entity"/>'s fields.
/// <see cref="Key"/> lists the conflict columns in <c>ON CONFLICT</c> order; <see cref="Extracted"/>
/// the other extracted columns. <c>raw_json</c>, <c>raw_hash</c>, <c>sync_batch_id</c>,
/// <c>synced_at</c>, <c>created_at</c> and <c>updated_at</c> are implicit.
/// </summary>
internal sealed record RawTable(string Entity, string Name, IReadOnlyList<RawColumn> Key, IReadOnlyList<RawColumn> Extracted)
{
    public IEnumerable<RawColumn> Columns => Key.Concat(Extracted);
}
