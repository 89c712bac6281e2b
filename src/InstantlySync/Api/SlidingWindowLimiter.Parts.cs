namespace InstantlySync.Api;

/// <summary>What <see cref="SlidingWindowLimiter"/> keeps: the leases it hands out, its windows, its queue.</summary>
internal sealed partial class SlidingWindowLimiter
{
    /// <summary>One request's claim on the budget; see <see cref="AcquireAsync"/>.</summary>
    internal sealed class Lease(SlidingWindowLimiter limiter) : IDisposable
    {
        private int _ended;

        /// <summary>The request was sent: it keeps counting for one window from now.</summary>
        public void Dispose() => End(sent: true, refused: false, retryAfter: null);

        /// <summary>The request was never sent: the permit is free again at once.</summary>
        public void Return() => End(sent: false, refused: false, retryAfter: null);

        /// <summary>
        /// The request was sent and refused with 429. The server counts requests this process has
        /// not seen (an earlier run, another client of the workspace), and, without a
        /// <c>Retry-After</c>, says nothing of when they leave its window: the shortest window is
        /// closed from now for as long as the server asked, or else for its whole length, so the
        /// retry and every request behind it wait that long instead of being refused too.
        /// </summary>
        public void Refused(TimeSpan? retryAfter) => End(sent: true, refused: true, retryAfter);

        private void End(bool sent, bool refused, TimeSpan? retryAfter)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                limiter.Release(sent, refused ? retryAfter ?? TimeSpan.MaxValue : null);
            }
        }
    }

    /// <summary>One limit: its permits, its length (also in timestamp ticks), and when the leases that still count ended.</summary>
    private sealed class Window(int permits, TimeSpan length, long ticks)
    {
        public int Permits { get; } = permits;

        public TimeSpan Length { get; } = length;

        public long Ticks { get; } = ticks;

        /// <summary>Until when nothing is let through, after a 429; see <see cref="Lease.Refused"/>.</summary>
        public long ClosedUntil { get; set; } = long.MinValue;

        /// <summary>Release times, oldest first (taken under the lock, so in order).</summary>
        public Queue<long> Released { get; } = new();

        /// <summary>Drops the releases a full window old: a lease released at r counts while r + window &gt; now.</summary>
        public void Forget(long now)
        {
            while (Released.Count > 0 && Released.Peek() + Ticks <= now)
            {
                Released.Dequeue();
            }
        }
    }

    private enum WaiterState
    {
        Waiting,
        Granted,
        Cancelled,
    }

    /// <summary>One caller in the queue; its state and node change under the limiter's lock only.</summary>
    private sealed class Waiter
    {
        // Not RunContinuationsAsynchronously: see Grant.
        private readonly TaskCompletionSource<Lease> _completion = new();

        public WaiterState State { get; set; }

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public Task<Lease> Task => _completion.Task;

        public void Complete(Lease lease) => _completion.SetResult(lease);

        public void Cancel(CancellationToken cancellationToken) => _completion.SetCanceled(cancellationToken);
    }
}
