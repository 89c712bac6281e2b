namespace InstantlySync.Api;

/// <summary>
/// Counters for everything the client sent and received during a run; safe to update from the
/// entities that sync concurrently. The orchestrator reports them when the run ends.
/// </summary>
internal sealed class ApiStats
{
    private long _attempts;
    private long _retries;
    private long _success;
    private long _redirect;
    private long _clientError;
    private long _serverError;
    private long _tooManyRequests;
    private long _transportFailures;
    private long _bytesReceived;

    /// <summary>HTTP requests actually sent, retries included.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Attempts that were followed by another attempt of the same call.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public long Responses2xx => Interlocked.Read(ref _success);

    public long Responses3xx => Interlocked.Read(ref _redirect);

    /// <summary>All 4xx responses, 429s included.</summary>
    public long Responses4xx => Interlocked.Read(ref _clientError);

    public long Responses5xx => Interlocked.Read(ref _serverError);

    public long TooManyRequests => Interlocked.Read(ref _tooManyRequests);

    /// <summary>Attempts that got no complete response: connection failures, timeouts, truncated bodies.</summary>
    public long TransportFailures => Interlocked.Read(ref _transportFailures);

    /// <summary>Response body bytes after decompression.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    internal void RecordAttempt() => Interlocked.Increment(ref _attempts);

    internal void RecordRetry() => Interlocked.Increment(ref _retries);

    internal void RecordTransportFailure() => Interlocked.Increment(ref _transportFailures);

    internal void RecordBytes(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    internal void RecordStatus(int statusCode)
    {
        switch (statusCode / 100)
        {
            case 2: Interlocked.Increment(ref _success); break;
            case 3: Interlocked.Increment(ref _redirect); break;
            case 4: Interlocked.Increment(ref _clientError); break;
            case 5: Interlocked.Increment(ref _serverError); break;
        }

        if (statusCode == 429)
        {
            Interlocked.Increment(ref _tooManyRequests);
        }
    }

    public override string ToString() =>
        $"{Attempts} requests ({Retries} retries): {Responses2xx} 2xx, {Responses4xx} 4xx " +
        $"({TooManyRequests} 429), {Responses5xx} 5xx, {TransportFailures} transport failures, " +
        $"{BytesReceived} bytes";
}
