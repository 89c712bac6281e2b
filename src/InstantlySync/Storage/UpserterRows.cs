using InstantlySync.Transform;
using Npgsql;
using NpgsqlTypes;

namespace InstantlySync.Storage;

/// <summary>Checks, de-duplicates and COPYs rows into the staging table.</summary>
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

    public static async Task CopyAsync(NpgsqlConnection connection, UpserterSql sql, IReadOnlyList<RawRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(sql.Copy, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var value in row.Key)
            {
                await WriteAsync(importer, value, cancellationToken);
            }

            foreach (var value in row.Extracted)
            {
                await WriteAsync(importer, value, cancellationToken);
            }

            await importer.WriteAsync(row.RawJson, NpgsqlDbType.Jsonb, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken) => value switch
    {
        null => importer.WriteNullAsync(cancellationToken),
        string text => importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken),
        int number => importer.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken),
        long number => importer.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken),
        decimal number => importer.WriteAsync(number, NpgsqlDbType.Numeric, cancellationToken),
        bool flag => importer.WriteAsync(flag, NpgsqlDbType.Boolean, cancellationToken),
        DateOnly date => importer.WriteAsync(date, NpgsqlDbType.Date, cancellationToken),
        // timestamptz values must carry offset zero.
        DateTimeOffset time => importer.WriteAsync(time.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken),
        _ => throw new InvalidCastException($"Cannot stage a {value.GetType().Name}"),
    };

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
