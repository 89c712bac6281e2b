using System.Text.Json.Serialization;

namespace InstantlySync.FakeApi;

/// <summary>
/// Switches that can change while the fake runs: injected faults, rate limiting, plan and scope
/// errors, and which end-of-list variant paging uses. Every fault is decided per request from a
/// seeded generator, so a run with the same requests in the same order sees the same faults.
/// Faults never apply to the <c>/_control</c> endpoints.
/// </summary>
public sealed record FakeFaults
{
    /// <summary>Share of API requests (0–1) answered with one of <see cref="ErrorStatuses"/>.</summary>
    [JsonPropertyName("error_rate")]
    public double ErrorRate { get; init; }

    [JsonPropertyName("error_statuses")]
    public IReadOnlyList<int> ErrorStatuses { get; init; } = [500, 502, 503];

    /// <summary>Added to every API response.</summary>
    [JsonPropertyName("latency_ms")]
    public int LatencyMs { get; init; }

    [JsonPropertyName("latency_spike_probability")]
    public double LatencySpikeProbability { get; init; }

    [JsonPropertyName("latency_spike_ms")]
    public int LatencySpikeMs { get; init; }

    /// <summary>Share of API requests whose connection is aborted without a response.</summary>
    [JsonPropertyName("drop_connection_rate")]
    public double DropConnectionRate { get; init; }

    /// <summary>Share of successful responses cut to half their body (still 200).</summary>
    [JsonPropertyName("truncate_rate")]
    public double TruncateRate { get; init; }

    /// <summary>Share of paged requests with a cursor that return that same cursor again, with the same items.</summary>
    [JsonPropertyName("stuck_cursor_rate")]
    public double StuckCursorRate { get; init; }

    /// <summary>Seed of the generator that decides faults; reset whenever the switches are set.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; } = 1;

    [JsonPropertyName("rate_limits")]
    public bool RateLimits { get; init; } = true;

    /// <summary>Whether a 429 carries <c>Retry-After</c> (seconds until the exhausted window frees a slot).</summary>
    [JsonPropertyName("retry_after")]
    public bool RetryAfter { get; init; }

    /// <summary>Answer every API request with 402, as a workspace without a paid plan.</summary>
    [JsonPropertyName("payment_required")]
    public bool PaymentRequired { get; init; }

    /// <summary>Path prefixes under <c>/api/v2</c> answered with 403 (e.g. <c>/emails</c>), as a key lacking a scope.</summary>
    [JsonPropertyName("forbidden_paths")]
    public IReadOnlyList<string> ForbiddenPaths { get; init; } = [];

    /// <summary>
    /// Requests (<c>"DELETE /leads"</c>: a method and a path prefix under <c>/api/v2</c>) that take
    /// effect and are then answered 500, as a server failing after it committed: the uncertain
    /// outcome a write must never be retried blind after.
    /// </summary>
    [JsonPropertyName("error_after_write")]
    public IReadOnlyList<string> ErrorAfterWrite { get; init; } = [];

    /// <summary>
    /// True (the usual behaviour): the last data page still carries <c>next_starting_after</c> and
    /// the next call returns <c>{"items":[]}</c>. False: a short last page carries no cursor.
    /// </summary>
    [JsonPropertyName("cursor_on_last_page")]
    public bool CursorOnLastPage { get; init; } = true;

    internal void Validate()
    {
        static void Rate(double value, string name)
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1.");
            }
        }

        Rate(ErrorRate, nameof(ErrorRate));
        Rate(LatencySpikeProbability, nameof(LatencySpikeProbability));
        Rate(DropConnectionRate, nameof(DropConnectionRate));
        Rate(TruncateRate, nameof(TruncateRate));
        Rate(StuckCursorRate, nameof(StuckCursorRate));
        if (LatencyMs < 0 || LatencySpikeMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyMs), "Latencies must not be negative.");
        }

        if (ErrorAfterWrite.Any(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not [_, ['/', ..]]))
        {
            throw new ArgumentException("error_after_write entries are a method and a path, such as \"DELETE /leads\".", nameof(ErrorAfterWrite));
        }

        if (ErrorStatuses.Count == 0 || ErrorStatuses.Any(s => s is < 500 or > 599))
        {
            throw new ArgumentOutOfRangeException(nameof(ErrorStatuses), "Error statuses must be 5xx codes.");
        }
    }
}
