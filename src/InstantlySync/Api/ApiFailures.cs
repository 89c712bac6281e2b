using Polly.Timeout;

namespace InstantlySync.Api;

/// <summary>Builds the one-line exceptions the client throws, with a hint a user can act on.</summary>
internal static class ApiFailures
{
    /// <param name="detail">What the error body said, already on one line and free of secrets.</param>
    public static InstantlyApiException FromResponse(
        ApiRequest request, int status, string? reason, string detail, bool firewallBlock, int attempts)
    {
        var kind = (status, firewallBlock) switch
        {
            (_, true) => ApiFailureKind.FirewallBlocked,
            (401 or 402, _) => ApiFailureKind.Authentication,
            (403, _) => ApiFailureKind.Forbidden,
            (429 or >= 500, _) => ApiFailureKind.RetriesExhausted,
            _ => ApiFailureKind.Rejected,
        };
        var hint = (status, kind) switch
        {
            (_, ApiFailureKind.FirewallBlocked) => null,
            (401, _) => "Check INSTANTLY_API_KEY: the key is missing, invalid or revoked.",
            (402, _) => "The workspace has no active paid plan, which API access requires.",
            (403, _) => $"The API key lacks the scope this endpoint needs (e.g. {ScopeFor(request.Path)} or all:read).",
            _ => null,
        };

        var head = attempts > 1 ? $"{request} failed after {attempts} attempts" : $"{request} failed";
        var statusText = string.IsNullOrWhiteSpace(reason) ? $"HTTP {status}" : $"HTTP {status} {reason}";
        var message = detail.Length == 0 || string.Equals(detail, reason, StringComparison.OrdinalIgnoreCase)
            ? $"{head}: {statusText}"
            : $"{head}: {statusText}: {detail}";
        if (hint is not null)
        {
            message = message.TrimEnd('.') + ". " + hint;
        }

        return new InstantlyApiException(kind, request.Path, status, attempts, message);
    }

    /// <param name="detail">The failure's description, already free of secrets.</param>
    public static InstantlyApiException FromTransport(ApiRequest request, Exception exception, string detail, int attempts)
    {
        var what = exception switch
        {
            TruncatedResponseException => "the response body ended prematurely",
            TimeoutRejectedException => "no response within the per-request timeout",
            _ => $"connection failed ({detail})",
        };
        return new InstantlyApiException(
            ApiFailureKind.RetriesExhausted,
            request.Path,
            statusCode: null,
            attempts,
            $"{request} failed after {attempts} attempts: {what}",
            exception);
    }

    public static InstantlyApiException InvalidResponse(ApiRequest request, int attempts, string what, Exception? inner = null) =>
        new(ApiFailureKind.InvalidResponse, request.Path, 200, attempts, $"{request} returned an unusable response: {what}", inner);

    public static InstantlyApiException StuckCursor(ApiRequest request, string cursor, int pageNumber) =>
        new(
            ApiFailureKind.StuckCursor,
            request.Path,
            200,
            attempts: 0,
            $"{request} returned cursor '{ApiErrorBody.OneLine(cursor)}' on page {pageNumber} that it had already "
                + "returned; stopped paging instead of looping forever");

    /// <summary>Instantly scopes are named after the first path segment, e.g. <c>/leads/list</c> → <c>leads:read</c>.</summary>
    private static string ScopeFor(string path)
    {
        var segment = path.TrimStart('/').Split('/', 2)[0];
        return $"{segment}:read";
    }
}
