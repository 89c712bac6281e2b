using InstantlySync.Configuration;

namespace InstantlySync.Api;

/// <summary>
/// The client-side budgets every request of the process draws from: the workspace one
/// (requests per second and per minute) and, for GET /emails only, the emails one as well.
/// Each attempt holds a lease from each budget it draws on; retries draw new ones.
/// </summary>
internal sealed class RequestRateLimiter
{
    private readonly SlidingWindowLimiter _workspace;
    private readonly SlidingWindowLimiter _emails;

    public RequestRateLimiter(InstantlySettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _workspace = new SlidingWindowLimiter(
            timeProvider,
            (settings.RequestsPerSecond, TimeSpan.FromSeconds(1)),
            (settings.RequestsPerMinute, TimeSpan.FromMinutes(1)));
        _emails = new SlidingWindowLimiter(timeProvider, (settings.EmailsRequestsPerMinute, TimeSpan.FromMinutes(1)));
    }

    /// <summary>
    /// Waits until a request in <paramref name="bucket"/> may be sent. Dispose the lease when its
    /// response has been read or the attempt has failed.
    /// </summary>
    public async Task<RequestLease> AcquireAsync(RateBucket bucket, CancellationToken cancellationToken)
    {
        if (bucket != RateBucket.Emails)
        {
            return new RequestLease(await _workspace.AcquireAsync(cancellationToken), null);
        }

        // The emails lease first: it is the scarce one, and a workspace lease held while waiting
        // up to a minute for it would hold back every other request.
        var emails = await _emails.AcquireAsync(cancellationToken);
        try
        {
            return new RequestLease(emails, await _workspace.AcquireAsync(cancellationToken));
        }
        catch
        {
            // Cancelled while waiting for the workspace lease: nothing was sent.
            emails.Return();
            throw;
        }
    }

    /// <summary>The leases of one attempt: its own bucket's, and the workspace one when that is another.</summary>
    internal sealed class RequestLease(SlidingWindowLimiter.Lease own, SlidingWindowLimiter.Lease? workspace) : IDisposable
    {
        /// <summary>
        /// The attempt got a 429: its own bucket is closed for a while (a 429 on GET /emails is
        /// taken to come from the emails limit, by far the tighter one); see
        /// <see cref="SlidingWindowLimiter.Lease.Refused"/>.
        /// </summary>
        public void Refused(TimeSpan? retryAfter)
        {
            own.Refused(retryAfter);
            workspace?.Dispose();
        }

        public void Dispose()
        {
            own.Dispose();
            workspace?.Dispose();
        }
    }
}
