using System.Collections.Concurrent;

namespace InstantlySync.FakeApi.Http;

internal sealed class StatsCounter
{
    private ConcurrentDictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private ConcurrentDictionary<int, long> _byStatus = new();
    private ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private long _requests;
    private long _rateLimited;

    public void Request(string path)
    {
        Interlocked.Increment(ref _requests);
        _byPath.AddOrUpdate(path, 1, static (_, count) => count + 1);
    }

    public void Response(int status)
    {
        _byStatus.AddOrUpdate(status, 1, static (_, count) => count + 1);
        if (status == StatusCodes.Status429TooManyRequests)
        {
            Interlocked.Increment(ref _rateLimited);
        }
    }

    public void Fault(string kind) => _faults.AddOrUpdate(kind, 1, static (_, count) => count + 1);

    public FakeStats Snapshot() => new(
        Interlocked.Read(ref _requests),
        new SortedDictionary<string, long>(_byPath, StringComparer.Ordinal),
        new SortedDictionary<int, long>(_byStatus),
        Interlocked.Read(ref _rateLimited),
        _faults.Values.Sum(),
        new SortedDictionary<string, long>(_faults, StringComparer.Ordinal));

    public void Reset()
    {
        _byPath = new(StringComparer.Ordinal);
        _byStatus = new();
        _faults = new(StringComparer.Ordinal);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
    }
}
