using System.Text.Json.Serialization;

namespace InstantlySync.FakeApi;

/// <summary>What the fake has served on <c>/api/v2</c> since it started (or since the last reset).</summary>
public sealed record FakeStats(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("requests_by_path")] IReadOnlyDictionary<string, long> RequestsByPath,
    [property: JsonPropertyName("responses_by_status")] IReadOnlyDictionary<int, long> ResponsesByStatus,
    [property: JsonPropertyName("rate_limited")] long RateLimited,
    [property: JsonPropertyName("faults")] long Faults,
    [property: JsonPropertyName("faults_by_kind")] IReadOnlyDictionary<string, long> FaultsByKind)
{
    public long RequestsTo(string path) => RequestsByPath.TryGetValue(path, out var count) ? count : 0;

    /// <summary>The process's totals: every workspace's counts plus the requests no workspace answered (401s).</summary>
    internal static FakeStats Sum(IReadOnlyList<FakeStats> parts) => new(
        parts.Sum(p => p.Requests),
        SumBy(parts.Select(p => p.RequestsByPath), StringComparer.Ordinal),
        SumBy(parts.Select(p => p.ResponsesByStatus), Comparer<int>.Default),
        parts.Sum(p => p.RateLimited),
        parts.Sum(p => p.Faults),
        SumBy(parts.Select(p => p.FaultsByKind), StringComparer.Ordinal));

    private static SortedDictionary<TKey, long> SumBy<TKey>(IEnumerable<IReadOnlyDictionary<TKey, long>> counts, IComparer<TKey> order)
        where TKey : notnull
    {
        var sum = new SortedDictionary<TKey, long>(order);
        foreach (var (key, count) in counts.SelectMany(c => c))
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }

        return sum;
    }
}
