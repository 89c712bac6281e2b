namespace InstantlySync.Api;

/// <summary>
/// Hands out request slots evenly spaced in time: at most <c>permits</c> in any rolling
/// <c>window</c>, never a burst. Callers reserve the next free slot and wait for it, so waiters are
/// served first come, first served, and concurrent callers share one budget.
/// </summary>
/// <remarks>
/// Instantly counts fixed per-second and per-minute windows by arrival time. Even spacing keeps
/// every such window under the limit whatever its alignment; the extra <see cref="SafetyMargin"/>
/// absorbs network jitter that brings two of our requests closer together on arrival than they
/// were sent. A reserved slot is not given back when its waiter is cancelled: being a little
/// slower after a cancellation is harmless, a 429 is not.
/// </remarks>
internal sealed class RequestPacer
{
    /// <summary>5 %: 50 ms per second, 3 s per minute of slack for jitter.</summary>
    private const double SafetyMargin = 0.05;

    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private readonly Lock _gate = new();
    private long _nextSlot = long.MinValue;

    public RequestPacer(TimeProvider timeProvider, params (int Permits, TimeSpan Window)[] limits)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        Interval = limits.Length == 0
            ? TimeSpan.Zero
            : limits.Max(limit => limit.Permits > 0
                ? limit.Window / limit.Permits * (1 + SafetyMargin)
                : throw new ArgumentOutOfRangeException(nameof(limits), "A rate limit needs at least one permit."));
        _intervalTicks = (long)Math.Ceiling(Interval.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>The spacing between two consecutive slots.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Waits until this caller's slot has come.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        long now;
        long slot;
        lock (_gate)
        {
            now = _timeProvider.GetTimestamp();
            slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + _intervalTicks;
        }

        return slot == now
            ? Task.CompletedTask
            : Task.Delay(_timeProvider.GetElapsedTime(now, slot), _timeProvider, cancellationToken);
    }
}
