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
    public async Task<IDisposable> AcquireAsync(RateBucket bucket, CancellationToken cancellationToken)
    {
        if (bucket != RateBucket.Emails)
        {
            return await _workspace.AcquireAsync(cancellationToken);
        }

        // The emails lease first: it is the scarce one, and a workspace lease held while waiting
        // up to a minute for it would hold back every other request.
        var emails = await _emails.AcquireAsync(cancellationToken);
        try
        {
            return new Both(emails, await _workspace.AcquireAsync(cancellationToken));
        }
        catch
        {
            // Cancelled while waiting for the workspace lease: nothing was sent.
            emails.Return();
            throw;
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            second.Dispose();
            first.Dispose();
        }
    }
}
