using InstantlySync.Configuration;

namespace InstantlySync.Api;

/// <summary>
/// The client-side budgets every request of the process draws from: the workspace one
/// (requests per second and per minute) and, for GET /emails only, the emails one.
/// Retries draw from them too.
/// </summary>
internal sealed class RequestRateLimiter
{
    private readonly RequestPacer _workspace;
    private readonly RequestPacer _emails;

    public RequestRateLimiter(InstantlySettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _workspace = new RequestPacer(
            timeProvider,
            (settings.RequestsPerSecond, TimeSpan.FromSeconds(1)),
            (settings.RequestsPerMinute, TimeSpan.FromMinutes(1)));
        _emails = new RequestPacer(timeProvider, (settings.EmailsRequestsPerMinute, TimeSpan.FromMinutes(1)));
    }

    public async Task WaitAsync(RateBucket bucket, CancellationToken cancellationToken)
    {
        // The emails slot first: it is the scarce one, and a workspace slot reserved before waiting
        // seconds for it would go unused.
        if (bucket == RateBucket.Emails)
        {
            await _emails.WaitAsync(cancellationToken);
        }

        await _workspace.WaitAsync(cancellationToken);
    }
}
