namespace InstantlySync.FakeApi.Http;

/// <summary>
/// Holds the current switches and decides, once per API request, which faults that request gets.
/// Every decision draws the same number of values from a generator seeded by the switches, so the
/// n-th request after a change sees the same faults on every run.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private FakeFaults _current;
    private Random _random;

    public FaultInjector(FakeFaults initial)
    {
        initial.Validate();
        _current = initial;
        _random = new Random(initial.Seed);
    }

    public FakeFaults Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Set(FakeFaults faults)
    {
        faults.Validate();
        lock (_gate)
        {
            _current = faults;
            _random = new Random(faults.Seed);
        }
    }

    public RequestFaults Decide()
    {
        lock (_gate)
        {
            var f = _current;
            var drop = _random.NextDouble();
            var error = _random.NextDouble();
            var errorPick = _random.Next(f.ErrorStatuses.Count);
            var spike = _random.NextDouble();
            var truncate = _random.NextDouble();
            var stuck = _random.NextDouble();
            var isSpike = spike < f.LatencySpikeProbability;
            return new RequestFaults
            {
                Drop = drop < f.DropConnectionRate,
                ErrorStatus = error < f.ErrorRate ? f.ErrorStatuses[errorPick] : null,
                LatencyMs = f.LatencyMs + (isSpike ? f.LatencySpikeMs : 0),
                LatencySpike = isSpike,
                Truncate = truncate < f.TruncateRate,
                StuckCursor = stuck < f.StuckCursorRate,
                CursorOnLastPage = f.CursorOnLastPage,
            };
        }
    }
}
