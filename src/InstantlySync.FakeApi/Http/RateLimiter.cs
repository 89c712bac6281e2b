namespace InstantlySync.FakeApi.Http;

/// <summary>
/// The workspace limits (per second and per minute) and the separate <c>GET /emails</c> bucket.
/// Sliding windows over real elapsed time: the business clock can jump a day, but a client's
/// request rate is measured on the wall clock.
/// </summary>
internal sealed class RateLimiter(FakeOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly SlidingWindow _perSecond = new(options.RequestsPerSecond, TimeSpan.FromSeconds(1), time);
    private readonly SlidingWindow _perMinute = new(options.RequestsPerMinute, TimeSpan.FromMinutes(1), time);
    private readonly SlidingWindow _emailsPerMinute = new(options.EmailsRequestsPerMinute, TimeSpan.FromMinutes(1), time);

    /// <summary>Takes a slot in every bucket that applies, or returns how long until one frees up.</summary>
    public TimeSpan? TryAcquire(bool emailsList)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var wait = Max(_perSecond.WaitFor(now), _perMinute.WaitFor(now));
            if (emailsList)
            {
                wait = Max(wait, _emailsPerMinute.WaitFor(now));
            }

            if (wait > TimeSpan.Zero)
            {
                // Rejected requests do not use up the budget.
                return wait;
            }

            _perSecond.Record(now);
            _perMinute.Record(now);
            if (emailsList)
            {
                _emailsPerMinute.Record(now);
            }

            return null;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class SlidingWindow(int limit, TimeSpan window, TimeProvider time)
    {
        private readonly Queue<long> _hits = new();
        private readonly long _windowTicks = (long)(window.TotalSeconds * time.TimestampFrequency);

        public TimeSpan WaitFor(long now)
        {
            while (_hits.Count > 0 && now - _hits.Peek() >= _windowTicks)
            {
                _hits.Dequeue();
            }

            return _hits.Count < limit
                ? TimeSpan.Zero
                : time.GetElapsedTime(now, _hits.Peek() + _windowTicks);
        }

        public void Record(long now) => _hits.Enqueue(now);
    }
}
