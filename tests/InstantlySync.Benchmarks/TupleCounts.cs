using Dapper;
using Npgsql;

namespace InstantlySync.Benchmarks;

/// <summary>What <c>pg_stat_user_tables</c> says was written to a table: inserted, updated (HOT or not) and deleted tuples.</summary>
internal sealed record TupleCounts(long Inserted, long Updated, long Deleted)
{
    public static TupleCounts operator -(TupleCounts after, TupleCounts before)
        => new(after.Inserted - before.Inserted, after.Updated - before.Updated, after.Deleted - before.Deleted);

    public long Written => Inserted + Updated + Deleted;

    /// <summary>
    /// Reads the counters once every backend that wrote has reported. Backends flush their pending
    /// statistics at most once a second while busy and when they exit, so the writers' pooled
    /// connections are closed first and the counters are read until two readings agree.
    /// </summary>
    public static async Task<TupleCounts> ReadAsync(NpgsqlDataSource writers, string table, CancellationToken cancellationToken)
    {
        writers.Clear();
        TupleCounts? previous = null;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            await using var connection = await writers.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_stat_force_next_flush()", cancellationToken: cancellationToken));
            var current = await connection.QuerySingleAsync<TupleCounts>(new CommandDefinition(
                """
                SELECT coalesce(sum(n_tup_ins), 0)::bigint AS Inserted, coalesce(sum(n_tup_upd), 0)::bigint AS Updated, coalesce(sum(n_tup_del), 0)::bigint AS Deleted
                  FROM pg_stat_user_tables WHERE relname = @table
                """, new { table }, cancellationToken: cancellationToken));
            connection.Close();
            writers.Clear();
            if (current == previous)
            {
                return current;
            }

            previous = current;
        }

        throw new InvalidOperationException($"The statistics of {table} did not settle.");
    }
}
