using System.Globalization;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// Everything that happens to an <c>/api/v2</c> request before its handler: finding its workspace
/// (Bearer key, <c>x-as-workspace</c>), counting, that workspace's plan and scope switches and
/// rate limits, and its per-request fault decision (dropped connection, latency, 5xx). Control
/// endpoints bypass it, so tests can always steer the fake.
/// </summary>
internal sealed class ApiGate(WorkspaceDirectory directory, TimeProvider time)
{
    public const string ApiPrefix = "/api/v2";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPrefix, out var rest))
        {
            await next(context);
            return;
        }

        var (workspace, refusal) = directory.Resolve(context.Request);
        var stats = workspace?.Counter ?? directory.Unattributed;
        stats.Request(context.Request.Path.Value!);
        if ((refusal ?? Reject(context, rest, workspace!)) is { } rejection)
        {
            await rejection.WriteAsync(context, truncate: false);
            stats.Response(rejection.Status);
            return;
        }

        var decision = workspace!.Injector.Decide();
        context.Features.Set(decision);
        context.Features.Set(workspace);
        if (decision.Drop)
        {
            stats.Fault("dropped_connection");
            context.Abort();
            return;
        }

        if (decision.LatencySpike)
        {
            stats.Fault("latency_spike");
        }

        if (decision.LatencyMs > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(decision.LatencyMs), time, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (decision.ErrorStatus is { } status)
        {
            stats.Fault($"error_{status}");
            var error = ApiResponse.Error(status, status == 503 ? "Service temporarily unavailable" : ApiResponse.ReasonPhrase(status));
            await error.WriteAsync(context, truncate: false);
            stats.Response(status);
            return;
        }

        if (FailsAfterWrite(context.Request.Method, rest, workspace.Injector.Current))
        {
            await ApplyThenFailAsync(context, next, stats);
            return;
        }

        await next(context);
        if (decision.StuckCursorServed)
        {
            stats.Fault("stuck_cursor");
        }

        stats.Response(context.Response.StatusCode);
    }

    private static ApiResponse? Reject(HttpContext context, PathString rest, FakeWorkspace workspace)
    {
        var switches = workspace.Injector.Current;
        if (switches.PaymentRequired)
        {
            return ApiResponse.Error(StatusCodes.Status402PaymentRequired, "Workspace does not have an active paid plan");
        }

        if (switches.ForbiddenPaths.Any(prefix => IsUnder(rest, prefix)))
        {
            return ApiResponse.Error(StatusCodes.Status403Forbidden, "Forbidden");
        }

        if (!switches.RateLimits)
        {
            return null;
        }

        var emailsList = HttpMethods.IsGet(context.Request.Method) && rest.Equals("/emails", StringComparison.OrdinalIgnoreCase);
        if (workspace.Limiter.TryAcquire(emailsList) is not { } wait)
        {
            return null;
        }

        if (switches.RetryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return ApiResponse.Error(StatusCodes.Status429TooManyRequests, "Rate limit exceeded");
    }

    private static bool FailsAfterWrite(string method, PathString rest, FakeFaults switches)
        => switches.ErrorAfterWrite
            .Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(r => string.Equals(r[0], method, StringComparison.OrdinalIgnoreCase) && IsUnder(rest, r[1]));

    /// <summary>Runs the handler (the write takes effect), throws its answer away and answers 500.</summary>
    private static async Task ApplyThenFailAsync(HttpContext context, RequestDelegate next, StatsCounter stats)
    {
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        context.Response.Clear();
        stats.Fault("error_after_write");
        await ApiResponse.Error(StatusCodes.Status500InternalServerError, ApiResponse.ReasonPhrase(500)).WriteAsync(context, truncate: false);
        stats.Response(StatusCodes.Status500InternalServerError);
    }

    /// <summary>Prefixes may be given relative to <c>/api/v2</c> (<c>/emails</c>) or in full.</summary>
    private static bool IsUnder(PathString rest, string prefix)
    {
        var relative = prefix.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase) ? prefix[ApiPrefix.Length..] : prefix;
        if (!relative.StartsWith('/'))
        {
            relative = "/" + relative;
        }

        return rest.StartsWithSegments(relative.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) || relative == "/";
    }
}
