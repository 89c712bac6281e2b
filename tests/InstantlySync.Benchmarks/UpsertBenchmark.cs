using System.Diagnostics;
using Dapper;
using InstantlySync.Storage;
using InstantlySync.Entities;
using Npgsql;

namespace InstantlySync.Benchmarks;

/// <summary>Rows per second of one way of writing, with what PostgreSQL recorded as written.</summary>
internal sealed record Throughput(long Rows, double Seconds, TupleCounts Tuples)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>Every measurement for one row count; each figure is the best of the repetitions.</summary>
internal sealed record UpsertResult(
    int Rows,
    int BatchSize,
    int Repetitions,
    int NaiveSample,
    double AverageJsonBytes,
    Throughput CopyNew,
    Throughput CopyChanged,
    Throughput New,
    Throughput Changed,
    Throughput Unchanged,
    Throughput NaiveNew,
    Throughput NaiveChanged,
    Throughput NaiveUnchanged)
{
    /// <summary>
    /// Binary COPY of the new rows in commands of one batch, each its own transaction: what any
    /// writer pays for committing batch by batch, apart from the upserter's own work. (Absent from
    /// results saved before it was measured.)
    /// </summary>
    public Throughput? CopyPerBatch { get; init; }
}

/// <summary>
/// Upserter throughput on lead rows: new rows into an empty table, changed rows (every row's JSON
/// and an extracted column differ: a merge), and unchanged rows (a no-op resync), each next to
/// binary COPY of the same rows into the same indexed table after a TRUNCATE, and next to the
/// naive per-row design. Only the database calls are timed; building each batch is not.
/// </summary>
internal sealed class UpsertBenchmark(BenchDatabase database, int batchSize, TextWriter log)
{
    private const string Table = "instantly_leads_raw";

    /// <summary>COPY runs in one transaction, in commands of this many rows.</summary>
    private const int CopyChunk = 10_000;

    public async Task<UpsertResult> RunAsync(List<RawRow> rows, int naiveSample, int repetitions, CancellationToken cancellationToken)
    {
        var runs = new List<UpsertResult>();
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            log.WriteLine($"upsert: {rows.Count:N0} rows, repetition {repetition} of {repetitions}");
            runs.Add(await RunOnceAsync(rows, Math.Min(naiveSample, rows.Count), cancellationToken));
        }

        static Throughput Best(IEnumerable<Throughput> all) => all.MaxBy(t => t.RowsPerSecond)!;
        return runs[0] with
        {
            Repetitions = repetitions,
            CopyNew = Best(runs.Select(r => r.CopyNew)),
            CopyChanged = Best(runs.Select(r => r.CopyChanged)),
            New = Best(runs.Select(r => r.New)),
            Changed = Best(runs.Select(r => r.Changed)),
            Unchanged = Best(runs.Select(r => r.Unchanged)),
            NaiveNew = Best(runs.Select(r => r.NaiveNew)),
            NaiveChanged = Best(runs.Select(r => r.NaiveChanged)),
            NaiveUnchanged = Best(runs.Select(r => r.NaiveUnchanged)),
            CopyPerBatch = Best(runs.Select(r => r.CopyPerBatch!)),
        };
    }

    private async Task<UpsertResult> RunOnceAsync(List<RawRow> rows, int naiveSample, CancellationToken cancellationToken)
    {
        var upserter = new Upserter(database.DataSource, Writers.Workspace, Serilog.Core.Logger.None);
        var same = (Func<RawRow, RawRow>)(r => r);

        await ResetAsync(cancellationToken);
        var copyNew = await MeasureAsync("COPY, new rows", rows, CopyChunk, same, CopyAllAsync(), cancellationToken);

        await ResetAsync(cancellationToken);
        var copyPerBatch = await MeasureAsync("COPY, new rows, batch commits", rows, batchSize, same, CopyPerBatchAsync(), cancellationToken);

        await ResetAsync(cancellationToken);
        var fresh = await MeasureAsync("upsert, new rows", rows, batchSize, same, UpsertAsync(upserter), cancellationToken);
        var changed = await MeasureAsync("upsert, changed rows", rows, batchSize, LeadRows.Changed, UpsertAsync(upserter), cancellationToken);
        var unchanged = await MeasureAsync("upsert, unchanged rows", rows, batchSize, LeadRows.Changed, UpsertAsync(upserter), cancellationToken);

        await ResetAsync(cancellationToken);
        var copyChanged = await MeasureAsync("COPY, changed rows", rows, CopyChunk, LeadRows.Changed, CopyAllAsync(), cancellationToken);

        // The naive design on the last rows, on top of all the others (COPY, not timed), so its
        // lookups and index inserts meet a table of the full size.
        await ResetAsync(cancellationToken);
        var prefill = rows[..^naiveSample];
        var sample = rows[^naiveSample..];
        if (prefill.Count > 0)
        {
            await MeasureAsync("prefill for the naive sample", prefill, CopyChunk, same, CopyAllAsync(), cancellationToken);
        }

        var naive = NaiveAsync();
        var naiveNew = await MeasureAsync("naive, new rows", sample, batchSize, same, naive, cancellationToken);
        var naiveChanged = await MeasureAsync("naive, changed rows", sample, batchSize, LeadRows.Changed, naive, cancellationToken);
        var naiveUnchanged = await MeasureAsync("naive, unchanged rows", sample, batchSize, LeadRows.Changed, naive, cancellationToken);

        return new UpsertResult(rows.Count, batchSize, 1, naiveSample, LeadRows.AverageJsonBytes(rows),
            copyNew, copyChanged, fresh, changed, unchanged, naiveNew, naiveChanged, naiveUnchanged) { CopyPerBatch = copyPerBatch };
    }

    /// <summary>Writes one batch; returns nothing, the tuple counters tell what was written.</summary>
    private delegate Task BatchWriter(IReadOnlyList<RawRow> batch, bool first, bool last, CancellationToken cancellationToken);

    private async Task<Throughput> MeasureAsync(
        string name, List<RawRow> rows, int chunk, Func<RawRow, RawRow> prepare, BatchWriter write, CancellationToken cancellationToken)
    {
        await CheckpointAsync(cancellationToken);
        var before = await TupleCounts.ReadAsync(database.DataSource, Table, cancellationToken);
        var elapsed = TimeSpan.Zero;
        for (var offset = 0; offset < rows.Count; offset += chunk)
        {
            var batch = new List<RawRow>(chunk);
            for (var i = offset; i < Math.Min(rows.Count, offset + chunk); i++)
            {
                batch.Add(prepare(rows[i]));
            }

            var started = Stopwatch.GetTimestamp();
            await write(batch, offset == 0, offset + chunk >= rows.Count, cancellationToken);
            elapsed += Stopwatch.GetElapsedTime(started);
        }

        var tuples = await TupleCounts.ReadAsync(database.DataSource, Table, cancellationToken) - before;
        var result = new Throughput(rows.Count, elapsed.TotalSeconds, tuples);
        log.WriteLine($"  {name,-30} {rows.Count,9:N0} rows {result.Seconds,8:0.00} s {result.RowsPerSecond,9:N0} rows/s  tuples +{tuples.Inserted:N0} ins, {tuples.Updated:N0} upd");
        return result;
    }

    private BatchWriter UpsertAsync(Upserter upserter)
    {
        var batchId = Guid.CreateVersion7();
        return async (batch, _, _, cancellationToken) => await upserter.UpsertAsync(Leads.Entity.Table, batch, batchId, null, cancellationToken);
    }

    private BatchWriter NaiveAsync()
    {
        var batchId = Guid.CreateVersion7();
        return (batch, _, _, cancellationToken) => Writers.NaiveAsync(database.DataSource, batch, batchId, cancellationToken);
    }

    /// <summary>All chunks in one transaction, committed with the last one (the commit is timed).</summary>
    private BatchWriter CopyAllAsync()
    {
        var batchId = Guid.CreateVersion7();
        NpgsqlConnection? connection = null;
        NpgsqlTransaction? transaction = null;
        return async (batch, first, last, cancellationToken) =>
        {
            if (first)
            {
                connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
                transaction = await connection.BeginTransactionAsync(cancellationToken);
            }

            await Writers.CopyAsync(connection!, batch, batchId, cancellationToken);
            if (last)
            {
                await transaction!.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                await connection!.DisposeAsync();
            }
        };
    }

    /// <summary>One COPY command and one transaction per batch (the commit is timed).</summary>
    private BatchWriter CopyPerBatchAsync()
    {
        var batchId = Guid.CreateVersion7();
        return async (batch, _, _, cancellationToken) =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Writers.CopyAsync(connection, batch, batchId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        };
    }

    private async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"TRUNCATE {Table}", cancellationToken: cancellationToken));
    }

    /// <summary>Writes out what the previous case left dirty, so no case pays for another's checkpoint.</summary>
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 600 };
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }
}
