using System.Threading.Channels;
using InstantlySync.Entities;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;

namespace InstantlySync.Sync;

/// <summary>
/// Rows of one entity on their way to the database. The fetch loop adds rows; full batches go
/// through a bounded channel to a single writer, so fetching and writing overlap while memory
/// stays at a few batches. Batches commit in order, each with the watermark it covers.
/// </summary>
internal sealed class EntityPipeline
{
    // Two batches in flight: one being written, one ready. More only costs memory.
    private const int ChannelCapacity = 2;

    private readonly SyncRun _run;
    private readonly Entity _entity;
    private readonly EntityCounts _counts;
    private readonly bool _advancesWatermark;
    private readonly Channel<PendingBatch> _channel;
    private readonly Task _writer;
    private List<RawRow> _current;
    private DateTimeOffset? _highWater;

    private sealed record PendingBatch(List<RawRow> Rows, DateTimeOffset? Watermark);

    public EntityPipeline(SyncRun run, Entity entity, EntityCounts counts, bool advancesWatermark, CancellationToken cancellationToken)
    {
        _run = run;
        _entity = entity;
        _counts = counts;
        _advancesWatermark = advancesWatermark && !run.Request.DryRun;
        _current = new List<RawRow>(run.BatchSize);
        _channel = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(ChannelCapacity) { SingleReader = true, SingleWriter = true });
        _writer = Task.Run(() => WriteLoopAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Adds a row; <paramref name="watermark"/> is how far this row lets the entity's watermark move once committed.</summary>
    public async ValueTask AddAsync(RawRow row, DateTimeOffset? watermark, CancellationToken cancellationToken)
    {
        _current.Add(row);
        if (watermark is { } w && (_highWater is null || w > _highWater))
        {
            _highWater = w;
        }

        if (_current.Count >= _run.BatchSize)
        {
            await SendAsync(_highWater, cancellationToken);
        }
    }

    /// <summary>The item as a row of this entity; null when it cannot be stored (it is then a dead letter, counted as failed).</summary>
    public async ValueTask<RawRow?> TransformAsync(ApiItem item, CancellationToken cancellationToken)
    {
        try
        {
            return _entity.ToRow(item);
        }
        catch (TransformException ex)
        {
            await RejectAsync(_entity.RecordKey(item), ex.Message, item.Json.GetRawText(), cancellationToken);
            return null;
        }
    }

    /// <summary>Transforms and adds an item whose rows do not move the watermark.</summary>
    public async ValueTask AddAsync(ApiItem item, CancellationToken cancellationToken)
    {
        if (await TransformAsync(item, cancellationToken) is { } row)
        {
            await AddAsync(row, null, cancellationToken);
        }
    }

    /// <summary>Adds an item that could not be transformed: a dead letter, counted as failed.</summary>
    public async Task RejectAsync(string? key, string error, string payload, CancellationToken cancellationToken)
    {
        _counts.AddFailed(1);
        _run.Log.Phase(LogPhases.EntityError(_entity.Name), new { key }).Warning(
            "Skipped a {Entity} record that cannot be stored: {Error}", _entity.Name, error);
        if (!_run.Request.DryRun)
        {
            await _run.DeadLetters.RecordAsync(
                new DeadLetter(_run.BatchId, _entity.Name, key, null, error, payload), cancellationToken);
        }
    }

    /// <summary>Flushes what is left, moving the watermark to <paramref name="finalWatermark"/> with the last batch, and waits for the writer.</summary>
    public async Task CompleteAsync(DateTimeOffset? finalWatermark, CancellationToken cancellationToken)
    {
        var watermark = finalWatermark ?? _highWater;
        if (_current.Count > 0 || (_advancesWatermark && watermark is not null))
        {
            await SendAsync(watermark, cancellationToken);
        }

        _channel.Writer.TryComplete();
        await _writer;
    }

    /// <summary>
    /// Ends the entity after its fetching stopped with <paramref name="failure"/>. At the time
    /// budget, what was fetched commits, the watermark moving only as far as those rows reach;
    /// after anything else, batches already handed over commit and the rest is dropped.
    /// </summary>
    public async Task StopAsync(Exception failure, CancellationToken cancellationToken)
    {
        if (_run.Budget.Stopped(failure, cancellationToken))
        {
            await CompleteAsync(null, cancellationToken);
            return;
        }

        await AbandonAsync();
    }

    /// <summary>Stops after a fetch failure: batches already handed over still commit.</summary>
    private async Task AbandonAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await _writer;
        }
        catch (OperationCanceledException)
        {
            // The run was cancelled; the writer's own failure is reported by the caller.
        }
    }

    private async ValueTask SendAsync(DateTimeOffset? watermark, CancellationToken cancellationToken)
    {
        var batch = new PendingBatch(_current, watermark);
        _current = new List<RawRow>(_run.BatchSize);
        try
        {
            await _channel.Writer.WriteAsync(batch, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The writer failed and closed the channel: surface its exception, not the channel's.
            await _writer;
            throw;
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteAllAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            _channel.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task WriteAllAsync(CancellationToken cancellationToken)
    {
        await foreach (var batch in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            var result = _run.Request.DryRun
                ? await _run.Upserter.CompareAsync(_entity.Table, batch.Rows, cancellationToken)
                : await _run.Upserter.UpsertAsync(_entity.Table, batch.Rows, _run.BatchId, Checkpoint(batch), cancellationToken);
            _counts.AddWritten(result.Inserted, result.Updated, result.Unchanged, result.Failed);
            if (_advancesWatermark && batch.Watermark is { } reached)
            {
                _counts.Reach(Capped(reached));
            }

            _run.Log.Phase(LogPhases.EntityFetch(_entity.Name), new
            {
                rows = batch.Rows.Count,
                inserted = result.Inserted,
                updated = result.Updated,
                unchanged = result.Unchanged,
                failed = result.Failed,
                total = _counts.Written,
            }).Information("Wrote {Rows} {Entity} rows ({Total} so far)", batch.Rows.Count, _entity.Name, _counts.Written);
        }
    }

    private Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task>? Checkpoint(PendingBatch batch)
    {
        if (!_advancesWatermark || batch.Watermark is not { } watermark)
        {
            return null;
        }

        var capped = Capped(watermark);
        return (connection, transaction, token) => StateStore.AdvanceAsync(connection, transaction, _run.WorkspaceId, _entity.Name, capped, _run.BatchId, token);
    }

    /// <summary>Never past the run's start: anything created after it is fetched again next time.</summary>
    private DateTimeOffset Capped(DateTimeOffset watermark) => watermark > _run.StartedAt ? _run.StartedAt : watermark;
}
