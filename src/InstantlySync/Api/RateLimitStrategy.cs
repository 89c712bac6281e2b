using System.Net;
using Polly;

namespace InstantlySync.Api;

/// <summary>
/// Takes a rate-limit lease before each attempt and gives it back when the attempt is over, that
/// is once its response has been read or it has failed: the server has counted the request by
/// then; a 429 closes the budget for a while (see <see cref="SlidingWindowLimiter.Lease.Refused"/>).
/// It sits inside the retry strategy, so each retry takes a lease of its own, and outside
/// the timeout, so waiting for a lease never counts as a slow response.
/// </summary>
internal sealed class RateLimitStrategy(RequestRateLimiter limiter, TimeProvider timeProvider) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        var bucket = context.Properties.TryGetValue(ApiPipeline.RequestKey, out var request)
            ? request.Bucket
            : RateBucket.Workspace;
        RequestRateLimiter.RequestLease lease;
        try
        {
            lease = await limiter.AcquireAsync(bucket, context.CancellationToken);
        }
        catch (OperationCanceledException e)
        {
            return Outcome.FromException<TResult>(e);
        }

        using (lease)
        {
            var outcome = await callback(context, state);
            if (outcome.Result is HttpResponseMessage { StatusCode: HttpStatusCode.TooManyRequests } refusal)
            {
                lease.Refused(ApiPipeline.RetryAfter(refusal, timeProvider, TimeSpan.MaxValue));
            }

            return outcome;
        }
    }
}
