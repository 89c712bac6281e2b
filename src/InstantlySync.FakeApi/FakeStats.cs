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
}
