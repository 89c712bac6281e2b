namespace InstantlySync.Api;

/// <summary>
/// A failed Instantly API call. <see cref="Exception.Message"/> is one line, names the method,
/// path and status, and never contains the API key.
/// </summary>
internal sealed class InstantlyApiException : Exception
{
    public InstantlyApiException(
        ApiFailureKind kind,
        string path,
        int? statusCode,
        int attempts,
        string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Path = path;
        StatusCode = statusCode;
        Attempts = attempts;
    }

    public ApiFailureKind Kind { get; }

    /// <summary>The endpoint path relative to the base URL, without the query, e.g. <c>/leads/list</c>.</summary>
    public string Path { get; }

    /// <summary>The last HTTP status received; null when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>How many HTTP requests the call made, retries included; 0 when the failure is in what a complete response said (a stuck cursor, a wrong shape).</summary>
    public int Attempts { get; }

    /// <summary>
    /// True when no other request of the run can succeed either: a bad key, an unpaid workspace, or
    /// a CDN that blocks this client.
    /// </summary>
    public bool StopsRun => Kind is ApiFailureKind.Authentication or ApiFailureKind.FirewallBlocked;
}
