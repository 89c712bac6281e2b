using InstantlySync.Configuration;

namespace InstantlySync.Sync;

/// <summary>
/// A run's time budget. When it runs out, fetching stops (a request in flight or waiting for a
/// rate-limit slot is abandoned; reads are safe to repeat) but writing does not: every entity
/// commits what it has fetched, with the watermark that covers it, and ends as timed out.
/// Entities therefore fetch with <see cref="Fetching"/> and write with the run's own token.
/// </summary>
internal sealed class TimeBudget : IDisposable
{
    private readonly CancellationTokenSource _spent;

    /// <param name="limit">The budget; null never runs out.</param>
    /// <param name="used">What the run has used already (it counts from the run's start).</param>
    public TimeBudget(TimeSpan? limit, TimeSpan used, TimeProvider time)
    {
        Limit = limit;
        _spent = limit is { } budget
            ? new CancellationTokenSource(budget - used > TimeSpan.Zero ? budget - used : TimeSpan.Zero, time)
            : new CancellationTokenSource();
    }

    public TimeSpan? Limit { get; }

    public bool Spent => _spent.IsCancellationRequested;

    /// <summary>The budget as it was given (45m), for messages.</summary>
    public string Describe() => Limit is { } limit ? Durations.Format(limit) : "none";

    /// <summary>A token for fetching: cancelled when the run stops or the budget runs out. Dispose it.</summary>
    public CancellationTokenSource Fetching(CancellationToken run) => CancellationTokenSource.CreateLinkedTokenSource(run, _spent.Token);

    /// <summary>True when <paramref name="exception"/> is the budget stopping a fetch, not the run being stopped.</summary>
    public bool Stopped(Exception exception, CancellationToken run) => exception is OperationCanceledException && Spent && !run.IsCancellationRequested;

    public void Dispose() => _spent.Dispose();
}
