using InstantlySync.Entities;
using Npgsql;
using NpgsqlTypes;

namespace InstantlySync.Storage;

/// <summary>A row about to be written, with its <see cref="RowHash"/> fingerprint.</summary>
internal sealed record StagedRow(RawRow Row, byte[] Hash)
{
    public static List<StagedRow> From(IEnumerable<RawRow> rows) => rows.Select(r => new StagedRow(r, RowHash.Compute(r))).ToList();
}

/// <summary>Checks and de-duplicates rows, and turns them into the array parameters of the upserter's statements.</summary>
internal static class UpserterRows
{
    /// <summary>
    /// Rows whose values fit their columns, with duplicate keys collapsed (last wins, NULL equal to
    /// NULL as in the NULLS NOT DISTINCT keys). A row that does not fit becomes a failure here, so
    /// the binary COPY never meets a value it cannot encode.
    /// </summary>
    public static List<RawRow> Prepare(RawTable table, IReadOnlyList<RawRow> rows, List<RowFailure> failures)
    {
        var positions = new Dictionary<object?[], int>(rows.Count, KeyComparer.Instance);
        var distinct = new List<RawRow>(rows.Count);
        foreach (var row in rows)
        {
            var problem = Check(table, row);
            if (problem is not null)
            {
                failures.Add(new RowFailure(row, problem));
            }
            else if (positions.TryGetValue(row.Key, out var position))
            {
                distinct[position] = row;
            }
            else
            {
                positions.Add(row.Key, distinct.Count);
                distinct.Add(row);
            }
        }

        return distinct;
    }

    /// <summary>
    /// The upsert's parameters: one array per column (key and extracted, in table order), the raw
    /// JSON texts as <c>jsonb[]</c> and the fingerprints as <c>bytea[]</c>, each element taken
    /// from the row at the same position.
    /// </summary>
    public static IEnumerable<NpgsqlParameter> Columns(RawTable table, IReadOnlyList<StagedRow> rows)
    {
        var position = 0;
        foreach (var column in table.Key)
        {
            var index = position++;
            yield return Array(column.Type, rows, r => r.Row.Key[index]);
        }

        var keyCount = table.Key.Count;
        foreach (var column in table.Extracted)
        {
            var index = position++ - keyCount;
            yield return Array(column.Type, rows, r => r.Row.Extracted[index]);
        }

        yield return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, Value = rows.Select(r => r.Row.RawJson).ToArray() };
        yield return Hashes(rows);
    }

    /// <summary>Binary COPY of rows with no stored version straight into the raw table, tagged with the workspace and the batch.</summary>
    public static async Task CopyAsync(
        NpgsqlConnection connection, UpserterSql sql, RawTable table, IReadOnlyList<StagedRow> rows, string workspaceId, Guid batchId, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(sql.Copy, cancellationToken);
        foreach (var (row, hash) in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(workspaceId, NpgsqlDbType.Text, cancellationToken);
            for (var i = 0; i < table.Key.Count; i++)
            {
                await WriteAsync(importer, table.Key[i].Type, row.Key[i], cancellationToken);
            }

            for (var i = 0; i < table.Extracted.Count; i++)
            {
                await WriteAsync(importer, table.Extracted[i].Type, row.Extracted[i], cancellationToken);
            }

            await importer.WriteAsync(row.RawJson, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(batchId, NpgsqlDbType.Uuid, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, NpgsqlDbType type, object? value, CancellationToken cancellationToken) => value switch
    {
        null => importer.WriteNullAsync(cancellationToken),
        string text => importer.WriteAsync(text, type, cancellationToken),
        int number => importer.WriteAsync(number, type, cancellationToken),
        long number => importer.WriteAsync(number, type, cancellationToken),
        decimal number => importer.WriteAsync(number, type, cancellationToken),
        bool flag => importer.WriteAsync(flag, type, cancellationToken),
        DateOnly date => importer.WriteAsync(date, type, cancellationToken),
        // timestamptz values must carry offset zero.
        DateTimeOffset time => importer.WriteAsync(time.ToUniversalTime(), type, cancellationToken),
        _ => throw new InvalidCastException($"Cannot write a {value.GetType().Name}"),
    };

    /// <summary>The fingerprint probe's parameters: one array per key column, then the fingerprints.</summary>
    public static IEnumerable<NpgsqlParameter> Keys(RawTable table, IReadOnlyList<StagedRow> rows)
    {
        for (var i = 0; i < table.Key.Count; i++)
        {
            var index = i;
            yield return Array(table.Key[i].Type, rows, r => r.Row.Key[index]);
        }

        yield return Hashes(rows);
    }

    private static NpgsqlParameter Hashes(IReadOnlyList<StagedRow> rows)
        => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.Hash).ToArray() };

    /// <summary>A typed array of one column's values; <see cref="Check"/> has made sure every value fits.</summary>
    private static NpgsqlParameter Array(NpgsqlDbType type, IReadOnlyList<StagedRow> rows, Func<StagedRow, object?> value)
    {
        object values = type switch
        {
            NpgsqlDbType.Text => rows.Select(r => (string?)value(r)).ToArray(),
            NpgsqlDbType.Integer => rows.Select(r => (int?)value(r)).ToArray(),
            NpgsqlDbType.Bigint => rows.Select(r => (long?)value(r)).ToArray(),
            NpgsqlDbType.Numeric => rows.Select(r => (decimal?)value(r)).ToArray(),
            NpgsqlDbType.Boolean => rows.Select(r => (bool?)value(r)).ToArray(),
            NpgsqlDbType.Date => rows.Select(r => (DateOnly?)value(r)).ToArray(),
            // timestamptz values must carry offset zero.
            NpgsqlDbType.TimestampTz => rows.Select(r => ((DateTimeOffset?)value(r))?.ToUniversalTime()).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No array for this column type"),
        };
        return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values };
    }

    private static string? Check(RawTable table, RawRow row)
    {
        if (row.Key.Length != table.Key.Count || row.Extracted.Length != table.Extracted.Count)
        {
            return $"Row has {row.Key.Length} key and {row.Extracted.Length} extracted values; {table.Name} takes {table.Key.Count} and {table.Extracted.Count}";
        }

        if (row.RawJson is null)
        {
            return "Row has no raw JSON";
        }

        var values = row.Key.Concat(row.Extracted);
        foreach (var (column, value) in table.Columns.Zip(values))
        {
            if (value is not null && !Fits(column.Type, value))
            {
                return $"Column {column.Name} ({column.Type}) cannot hold a {value.GetType().Name} ({value})";
            }
        }

        return null;
    }

    private static bool Fits(NpgsqlDbType type, object value) => type switch
    {
        NpgsqlDbType.Text => value is string,
        NpgsqlDbType.Integer => value is int,
        NpgsqlDbType.Bigint => value is long,
        NpgsqlDbType.Numeric => value is decimal,
        NpgsqlDbType.Boolean => value is bool,
        NpgsqlDbType.Date => value is DateOnly,
        NpgsqlDbType.TimestampTz => value is DateTimeOffset,
        _ => false,
    };

    private sealed class KeyComparer : IEqualityComparer<object?[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(object?[]? x, object?[]? y)
            => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(object?[] key)
        {
            var hash = new HashCode();
            foreach (var part in key)
            {
                hash.Add(part);
            }

            return hash.ToHashCode();
        }
    }
}
