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
/// were sent. A waiter that wakes up checks the spacing again against the slots actually taken:
/// when the thread pool is starved, many waiters wake late at the same moment, and letting them
/// all through would send the burst the spacing exists to prevent. A reserved slot is not given
/// back when its waiter is cancelled: being a little slower then is harmless, a 429 is not.
/// </remarks>
internal sealed class RequestPacer
{
    /// <summary>5 %: 50 ms per second, 3 s per minute of slack for jitter.</summary>
    private const double SafetyMargin = 0.05;

    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private readonly Lock _gate = new();
    private long _nextSlot = long.MinValue;
    private long _lastTaken = long.MinValue;

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

    /// <summary>Waits until this caller may send.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var delay = Reserve();
        while (delay > TimeSpan.Zero)
        {
            await DelayAsync(delay, cancellationToken);
            lock (_gate)
            {
                delay = TakeOrWait(_timeProvider.GetTimestamp());
            }
        }
    }

    /// <summary>Books the next free slot; returns how long until it, or zero when it was taken at once.</summary>
    private TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + _intervalTicks;
            return slot > now ? Until(now, slot) : TakeOrWait(now);
        }
    }

    /// <summary>Takes the slot if the spacing since the last slot actually taken allows it; otherwise returns how much longer to wait.</summary>
    private TimeSpan TakeOrWait(long now)
    {
        var earliest = _lastTaken == long.MinValue ? now : _lastTaken + _intervalTicks;
        if (now >= earliest)
        {
            _lastTaken = now;
            return TimeSpan.Zero;
        }

        return Until(now, earliest);
    }

    /// <summary>Never rounds a wait down to zero, which would read as "taken".</summary>
    private TimeSpan Until(long now, long then)
    {
        var wait = _timeProvider.GetElapsedTime(now, then);
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(1);
    }

    /// <summary>
    /// Like Task.Delay, but the waiter resumes on the timer's callback instead of being queued to
    /// the thread pool again, so a due slot is taken when it is due, also under load, and a
    /// manual clock in tests sees it taken as soon as it moves past it.
    /// </summary>
    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var elapsed = new TaskCompletionSource();
        await using var timer = _timeProvider.CreateTimer(
            static state => ((TaskCompletionSource)state!).TrySetResult(), elapsed, delay, Timeout.InfiniteTimeSpan);
        await using var registration = cancellationToken.Register(
            static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), elapsed);
        await elapsed.Task;
    }
}
