namespace InstantlySync.Api;

/// <summary>Why an API call failed, in the terms the orchestrator acts on.</summary>
internal enum ApiFailureKind
{
    /// <summary>401 or 402: the key or the workspace plan is unusable, so nothing else can succeed; the run stops (exit 3).</summary>
    Authentication,

    /// <summary>403 from the API: the key lacks the scope for this endpoint; that entity fails, the others go on.</summary>
    Forbidden,

    /// <summary>
    /// 403 from the CDN in front of the API (Cloudflare error 1010 and kin): the client was
    /// blocked before Instantly saw the key, so it is not a scope problem and affects every request.
    /// </summary>
    FirewallBlocked,

    /// <summary>Any other 4xx (400, 404, 409, 413 …): the request itself was refused; retrying cannot help.</summary>
    Rejected,

    /// <summary>The API handed back a cursor it had already given; paging cannot make progress.</summary>
    StuckCursor,

    /// <summary>Transient failures (429, 5xx, timeouts, dropped connections, truncated bodies) outlasted the retries.</summary>
    RetriesExhausted,

    /// <summary>A complete 2xx response whose body is not the JSON shape the endpoint documents.</summary>
    InvalidResponse,
}
