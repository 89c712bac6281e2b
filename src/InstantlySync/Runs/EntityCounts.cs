using System.Diagnostics;

namespace InstantlySync.Runs;

/// <summary>The statuses an entity ends with, as stored in <c>sync_batches.counts</c>.</summary>
internal static class EntityStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Partial = "partial";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Stopped by the run's time budget (or not started before it ran out); the next run continues.</summary>
    public const string Timeout = "timeout";
}

/// <summary>Running totals for one entity in one run; updated from the fetch and write loops.</summary>
internal sealed class EntityCounts(string entity)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _fetched;
    private long _pages;
    private long _inserted;
    private long _updated;
    private long _unchanged;
    private long _failed;

    public string Entity { get; } = entity;
    public long Fetched => Interlocked.Read(ref _fetched);
    public long Pages => Interlocked.Read(ref _pages);
    public long Inserted => Interlocked.Read(ref _inserted);
    public long Updated => Interlocked.Read(ref _updated);
    public long Unchanged => Interlocked.Read(ref _unchanged);
    public long Failed => Interlocked.Read(ref _failed);
    public long Written => Inserted + Updated + Unchanged;

    /// <summary>succeeded, partial, failed, cancelled or timeout; set when the entity ends.</summary>
    public string Status { get; set; } = EntityStatus.Running;
    public string? Error { get; set; }
    public TimeSpan Duration { get; private set; }

    public void AddPage(int items)
    {
        Interlocked.Increment(ref _pages);
        Interlocked.Add(ref _fetched, items);
    }

    public void AddFetched(int items) => Interlocked.Add(ref _fetched, items);

    public void AddWritten(int inserted, int updated, int unchanged, int failed)
    {
        Interlocked.Add(ref _inserted, inserted);
        Interlocked.Add(ref _updated, updated);
        Interlocked.Add(ref _unchanged, unchanged);
        Interlocked.Add(ref _failed, failed);
    }

    public void AddFailed(int failed) => Interlocked.Add(ref _failed, failed);

    /// <summary>The watermark this run has committed for the entity so far: how far it got.</summary>
    public DateTimeOffset? Reached { get; private set; }

    /// <summary>Records a committed watermark; called by the entity's one writer, in commit order.</summary>
    public void Reach(DateTimeOffset watermark) => Reached = watermark;

    public EntityResult Result => new(Entity, Status, Error, Failed);

    public void Finish(string status, string? error = null)
    {
        Status = status;
        Error = error;
        Duration = _clock.Elapsed;
    }

    /// <summary>The shape stored in sync_batches.counts and logged as meta.</summary>
    public Dictionary<string, object?> ToMeta() => new()
    {
        ["status"] = Status,
        ["fetched"] = Fetched,
        ["pages"] = Pages,
        ["inserted"] = Inserted,
        ["updated"] = Updated,
        ["unchanged"] = Unchanged,
        ["failed"] = Failed,
        ["duration_ms"] = (long)Duration.TotalMilliseconds,
        ["reached"] = Reached?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["error"] = Error,
    };
}
