namespace InstantlySync.FakeApi.Http;

/// <summary>The fault decision for one API request, made once when the request arrives.</summary>
internal sealed class RequestFaults
{
    public bool Drop { get; init; }

    public int? ErrorStatus { get; init; }

    public int LatencyMs { get; init; }

    public bool LatencySpike { get; init; }

    public bool Truncate { get; init; }

    public bool StuckCursor { get; init; }

    public bool CursorOnLastPage { get; init; } = true;

    /// <summary>Set by paging when it actually repeated the caller's cursor (only paged requests with a cursor can).</summary>
    public bool StuckCursorServed { get; set; }
}
