using InstantlySync.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Serilog;

namespace InstantlySync.Api;

/// <summary>
/// The one resilience pipeline every Instantly request goes through, outermost first:
/// retry (transient failures only) → rate limit (a slot per attempt) → per-attempt timeout.
/// </summary>
internal static class ApiPipeline
{
    /// <summary>Carries the call being made to the rate limiter (its bucket) and to the retry log.</summary>
    public static readonly ResiliencePropertyKey<ApiRequest> RequestKey = new("InstantlySync.ApiRequest");

    public static ResiliencePipeline<HttpResponseMessage> Build(
        InstantlySettings settings,
        RetryBackoff backoff,
        RequestRateLimiter limiter,
        ApiStats stats,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = backoff.BaseDelay,
                MaxDelay = backoff.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.GetValue(RequestKey, null!)?.RetryWhenUncertain == false
                        ? args.Outcome.Result is { StatusCode: System.Net.HttpStatusCode.TooManyRequests }
                        : IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, timeProvider, backoff.MaxDelay)),
                OnRetry = args =>
                {
                    stats.RecordRetry();
                    logger.Warning(
                        "Retrying {Request} after {Failure}: attempt {Attempt} of {MaxAttempts} in {DelayMs} ms",
                        args.Context.Properties.TryGetValue(RequestKey, out var request) ? request.ToString() : "request",
                        Describe(args.Outcome),
                        args.AttemptNumber + 2,
                        settings.MaxRetries + 1,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder
            .AddStrategy(_ => new RateLimitStrategy(limiter, timeProvider))
            .AddTimeout(TimeSpan.FromSeconds(settings.TimeoutSeconds))
            .Build();
    }

    /// <summary>
    /// 408, 429 and 5xx (bar 501/505, which no retry can fix), timeouts and connection failures.
    /// Never 400/401/402/403/404: the same request would fail the same way.
    /// </summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransientStatus((int)response.StatusCode),
        _ => false,
    };

    public static bool IsTransientStatus(int status) =>
        status is 408 or 429 || (status >= 500 && status is not 501 and not 505);

    /// <summary>
    /// The wait the server asked for, as delta seconds or an HTTP date; null to fall back to
    /// exponential backoff. Capped like any other delay: waiting hours would stall the whole
    /// run, while retrying early costs at most one more 429.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan cap)
    {
        TimeSpan? delay = response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => null,
        };
        return delay is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, cap.Ticks)) : null;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        { Exception: TimeoutRejectedException } => "a timeout",
        { Exception: TruncatedResponseException } => "a truncated response body",
        { Exception: { } exception } => $"{exception.GetType().Name} ({ApiErrorBody.OneLine(exception.Message)})",
        _ => "a failure",
    };
}
