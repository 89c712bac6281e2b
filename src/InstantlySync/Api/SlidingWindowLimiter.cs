namespace InstantlySync.Api;

/// <summary>
/// At most <c>permits</c> requests in any rolling <c>window</c>, exactly, with bursts allowed: a
/// run that needs fewer requests than a window holds sends them at once. Each request holds a
/// <see cref="Lease"/> from the moment it may start until its response has been read, and the
/// lease keeps counting for one window after that. A request may start while fewer than
/// <c>permits</c> leases count. Waiters are served first come, first served, and concurrent
/// callers share one budget.
/// </summary>
/// <remarks>
/// <para>
/// Why exact: the server counts a request when it arrives, and a request arrives after it was
/// allowed to start and before its response is read. Counting it over that whole span plus a
/// window therefore covers every window the server can count it in, whatever the network
/// jitter, with no safety margin. The price is that a steady stream gets <c>permits</c> per
/// (window + response time) rather than per window: about 5 % under 100/s at 50 ms a response.
/// The one gap: a request abandoned by its timeout may still be on its way when its lease is
/// released. That is rare, and the retry that follows waits its backoff first.
/// </para>
/// <para>
/// Why not <c>System.Threading.RateLimiting.SlidingWindowRateLimiter</c>: it approximates the
/// window with <c>SegmentsPerWindow</c> segments. A permit is charged to the segment current
/// when it is acquired and handed back when that segment slides out of the window, on a timer
/// of its own, so a permit taken late in a segment is free again up to one segment less than a
/// window later; and it counts requests when they are let through, not when they arrive or
/// complete, so jitter can bring more than the limit into one of the server's rolling windows.
/// A 429 on GET /emails costs a minute; exact counting costs a queue of timestamps.
/// </para>
/// </remarks>
internal sealed partial class SlidingWindowLimiter
{
    private readonly TimeProvider _timeProvider;
    private readonly Window[] _windows;
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _timer;
    private int _inFlight;

    public SlidingWindowLimiter(TimeProvider timeProvider, params (int Permits, TimeSpan Window)[] limits)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(limits);
        _timeProvider = timeProvider;
        _windows = [.. limits.Select(limit => limit.Permits > 0 && limit.Window > TimeSpan.Zero
            ? new Window(limit.Permits, limit.Window, TimestampTicks(limit.Window))
            : throw new ArgumentOutOfRangeException(nameof(limits), "A rate limit needs at least one permit and a window."))];
        _timer = timeProvider.CreateTimer(static state => ((SlidingWindowLimiter)state!).Grant(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Waits until a request may start. Dispose the lease once its response has been read (or the
    /// attempt has failed); <see cref="Lease.Return"/> it instead if the request was never sent.
    /// </summary>
    public Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        var waiter = new Waiter();
        // Registered before the waiter is queued, outside the lock: a token cancelled meanwhile
        // runs the callback right here, and the waiter is then never queued.
        var registration = cancellationToken.Register(static (state, token) =>
        {
            var (limiter, waiter) = ((SlidingWindowLimiter, Waiter))state!;
            limiter.Cancel(waiter, token);
        }, (this, waiter));
        bool queued;
        lock (_gate)
        {
            if (waiter.State == WaiterState.Cancelled)
            {
                return waiter.Task;
            }

            queued = _waiters.Count > 0 || WaitFor(_timeProvider.GetTimestamp()) != TimeSpan.Zero;
            if (queued)
            {
                waiter.Registration = registration;
                waiter.Node = _waiters.AddLast(waiter);
            }
            else
            {
                waiter.State = WaiterState.Granted;
                _inFlight++;
            }
        }

        if (!queued)
        {
            registration.Dispose();
            return Task.FromResult(new Lease(this));
        }

        // Sets the timer for the new head of the queue.
        Grant();
        return waiter.Task;
    }

    /// <summary>
    /// Lets through every waiter at the head of the queue that may start now, then sets the timer
    /// for when the next one may (unless only a release can free it). The waiters' continuations
    /// run right here, outside the lock: on the timer's callback a due request is sent when it is
    /// due, also while the thread pool is busy, and a manual clock in tests sees it sent as soon
    /// as it moves past it.
    /// </summary>
    private void Grant()
    {
        List<Waiter>? granted = null;
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            while (_waiters.First is { } head)
            {
                var wait = WaitFor(now);
                if (wait != TimeSpan.Zero)
                {
                    if (wait is { } due)
                    {
                        // Timers round down to a millisecond; waking early only sets the timer again.
                        _timer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(due.TotalMilliseconds)), Timeout.InfiniteTimeSpan);
                    }

                    break;
                }

                _waiters.RemoveFirst();
                head.Value.Node = null;
                head.Value.State = WaiterState.Granted;
                _inFlight++;
                (granted ??= []).Add(head.Value);
            }
        }

        foreach (var waiter in granted ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Complete(new Lease(this));
        }
    }

    /// <summary>
    /// How long until one more request may start: zero for now, null when it depends on a
    /// request in flight completing (its release wakes the queue). The caller holds the lock.
    /// </summary>
    private TimeSpan? WaitFor(long now)
    {
        var longest = TimeSpan.Zero;
        foreach (var window in _windows)
        {
            window.Forget(now);
            // Counted leases that must stop counting before one more fits.
            var excess = _inFlight + window.Released.Count - window.Permits + 1;
            if (excess > 0 && _inFlight >= window.Permits)
            {
                return null;
            }

            // One more fits once the excess-th oldest release has left the window (excess ≤
            // Released.Count here, as fewer than Permits are in flight) and the window is open.
            var opens = Math.Max(excess > 0 ? window.Released.ElementAt(excess - 1) + window.Ticks : now, window.ClosedUntil);
            if (opens > now)
            {
                // At least a tick: a wait rounded down to zero would read as "go now".
                var wait = _timeProvider.GetElapsedTime(now, opens);
                longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, Math.Max(wait.Ticks, 1)));
            }
        }

        return longest;
    }

    private long TimestampTicks(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds * _timeProvider.TimestampFrequency);

    /// <summary>Ends a lease: stamped when its request was sent; <paramref name="close"/> after a 429.</summary>
    private void Release(bool sent, TimeSpan? close)
    {
        lock (_gate)
        {
            _inFlight--;
            var now = _timeProvider.GetTimestamp();
            if (sent)
            {
                foreach (var window in _windows)
                {
                    window.Released.Enqueue(now);
                }
            }

            if (close is { } length)
            {
                var shortest = _windows.MinBy(window => window.Ticks)!;
                var ticks = length < shortest.Length ? TimestampTicks(length) : shortest.Ticks;
                shortest.ClosedUntil = Math.Max(shortest.ClosedUntil, now + ticks);
            }
        }

        Grant();
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (waiter.State != WaiterState.Waiting)
            {
                // Already let through: the caller holds a lease and will release it.
                return;
            }

            waiter.State = WaiterState.Cancelled;
            if (waiter.Node is { } node)
            {
                _waiters.Remove(node);
                waiter.Node = null;
            }
        }

        waiter.Cancel(cancellationToken);
        Grant();
    }
}
