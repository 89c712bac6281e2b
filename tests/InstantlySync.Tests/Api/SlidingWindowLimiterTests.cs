using InstantlySync.Api;

namespace InstantlySync.Tests.Api;

public sealed class SlidingWindowLimiterTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_burst_up_to_the_limit_starts_at_once()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (5, Second));

        var burst = Enumerable.Range(0, 5).Select(_ => Acquire(limiter)).ToList();
        var sixth = Acquire(limiter);

        Assert.All(burst, lease => Assert.True(lease.IsCompletedSuccessfully));
        Assert.False(sixth.IsCompleted);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
    }

    [Fact]
    public async Task The_request_after_a_full_window_waits_until_the_first_release_plus_the_window()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (5, Second));
        var burst = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Acquire(limiter)));
        var sixth = Acquire(limiter);

        clock.Advance(TimeSpan.FromMilliseconds(200));
        burst[0].Dispose();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        foreach (var lease in burst[1..])
        {
            lease.Dispose();
        }

        clock.Advance(TimeSpan.FromMilliseconds(899));
        Assert.False(sixth.IsCompleted, $"6th request let through at {clock.Elapsed}, before the first release plus a second");
        clock.Advance(Millisecond);
        Assert.True(sixth.IsCompletedSuccessfully, $"6th request still waiting at {clock.Elapsed}");
    }

    [Fact]
    public async Task A_request_in_flight_counts_against_the_limit_however_long_it_takes()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (2, Second));
        var slow = await Acquire(limiter);
        var slower = await Acquire(limiter);
        var third = Acquire(limiter);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(third.IsCompleted, "let through while two requests were in flight");

        slow.Dispose();
        clock.Advance(Second - Millisecond);
        Assert.False(third.IsCompleted, "let through less than a window after a release");
        clock.Advance(Millisecond);
        Assert.True(third.IsCompletedSuccessfully);
        slower.Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_without_taking_a_permit()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (1, Second));
        (await Acquire(limiter)).Dispose();
        using var cancellation = new CancellationTokenSource();
        var cancelled = Acquire(limiter, cancellation.Token);
        var next = Acquire(limiter);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(next.IsCompletedSuccessfully, "the waiter behind the cancelled one did not go when the window allowed it");

        // Only that one request counts now: one window after its release, another goes.
        (await next).Dispose();
        var after = Acquire(limiter);
        clock.Advance(Second - Millisecond);
        Assert.False(after.IsCompleted);
        clock.Advance(Millisecond);
        Assert.True(after.IsCompletedSuccessfully, "a permit was lost to the cancelled waiter");
    }

    [Fact]
    public async Task A_lease_returned_unsent_frees_its_permit_at_once()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (1, TimeSpan.FromMinutes(1)));
        var unsent = await Acquire(limiter);
        var next = Acquire(limiter);

        unsent.Return();

        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_refused_request_closes_the_shortest_window_for_its_whole_length()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (5, Second), (100, TimeSpan.FromMinutes(1)));
        var refused = await Acquire(limiter);

        clock.Advance(TimeSpan.FromMilliseconds(200));
        refused.Refused(null);
        var next = Acquire(limiter);

        clock.Advance(Second - Millisecond);
        Assert.False(next.IsCompleted, $"let through at {clock.Elapsed}, within a second of a 429");
        clock.Advance(Millisecond);
        Assert.True(next.IsCompletedSuccessfully, "a 429 closed more than the shortest window");
    }

    [Fact]
    public async Task A_refusal_with_Retry_After_closes_the_window_only_as_long_as_the_server_asked()
    {
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (20, TimeSpan.FromMinutes(1)));

        (await Acquire(limiter)).Refused(TimeSpan.FromSeconds(2));
        var next = Acquire(limiter);

        clock.Advance(TimeSpan.FromSeconds(2) - Millisecond);
        Assert.False(next.IsCompleted);
        clock.Advance(Millisecond);
        Assert.True(next.IsCompletedSuccessfully, "closed longer than Retry-After asked");
    }

    [Fact]
    public async Task Under_random_response_times_no_window_ever_holds_more_than_the_limit_and_the_steady_rate_is_the_limit_per_window_plus_response_time()
    {
        const int permits = 10;
        const int consumers = 16;
        const int perConsumer = 40;
        var clock = new ManualTimeProvider();
        var limiter = new SlidingWindowLimiter(clock, (permits, Second));
        var random = new Random(20260701);
        var spans = new List<RequestSpan>();

        async Task Consumer()
        {
            for (var i = 0; i < perConsumer; i++)
            {
                using var lease = await limiter.AcquireAsync(CancellationToken.None);
                var granted = clock.Elapsed;
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(20, 81)), clock);
                spans.Add(new RequestSpan(granted, clock.Elapsed));
            }
        }

        var all = RequestSpans.Detached(() => Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => Consumer())));
        for (var guard = 0; !all.IsCompleted; guard++)
        {
            Assert.True(guard < 1_000_000, "the consumers never finished");
            clock.Advance(Millisecond);
        }

        await all;
        Assert.Equal(consumers * perConsumer, spans.Count);
        Assert.Equal(permits, spans.Count(s => s.Granted == TimeSpan.Zero));
        Assert.Equal(permits, RequestSpans.MostInAnyWindow(spans, Second));

        // In steady state each permit is held for one response and then counts for one window.
        var grants = spans.Select(s => s.Granted).Order().ToList();
        var (from, to) = (5 * permits, grants.Count - 5 * permits);
        var rate = (to - from) / (grants[to] - grants[from]).TotalSeconds;
        var expected = permits / (Second + TimeSpan.FromTicks((long)spans.Average(s => (s.Released - s.Granted).Ticks))).TotalSeconds;
        Assert.InRange(rate, expected * 0.98, expected * 1.02);
    }

    private static Task<SlidingWindowLimiter.Lease> Acquire(SlidingWindowLimiter limiter, CancellationToken cancellationToken = default)
        => RequestSpans.Detached(() => limiter.AcquireAsync(cancellationToken));
}
