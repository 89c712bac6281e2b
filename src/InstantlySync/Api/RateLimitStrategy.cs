using Polly;

namespace InstantlySync.Api;

/// <summary>
/// Waits for a rate-limit slot before each attempt. It sits inside the retry strategy, so retries
/// are paced too, and outside the timeout, so waiting for a slot never counts as a slow response.
/// </summary>
internal sealed class RateLimitStrategy(RequestRateLimiter limiter) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        var bucket = context.Properties.TryGetValue(ApiPipeline.RequestKey, out var request)
            ? request.Bucket
            : RateBucket.Workspace;
        try
        {
            await limiter.WaitAsync(bucket, context.CancellationToken);
        }
        catch (OperationCanceledException e)
        {
            return Outcome.FromException<TResult>(e);
        }

        return await callback(context, state);
    }
}
