using System.Net.Http.Headers;

namespace InstantlySync.Api;

/// <summary>Which client-side budget a request draws from on top of the workspace one.</summary>
internal enum RateBucket
{
    Workspace,

    /// <summary>GET /emails has its own 20 requests/minute limit, on top of the workspace's.</summary>
    Emails,
}

/// <summary>
/// One logical API call. Every attempt builds a fresh <see cref="HttpRequestMessage"/> from it,
/// because a message cannot be sent twice.
/// </summary>
/// <param name="Path">Relative to the base URL, with a leading slash, e.g. <c>/campaigns</c>.</param>
/// <param name="Query">Already escaped, without the leading '?'; empty for none.</param>
/// <param name="JsonBody">UTF-8 JSON body, or null for a bodiless request.</param>
internal sealed record ApiRequest(HttpMethod Method, string Path, string Query, ReadOnlyMemory<byte>? JsonBody, RateBucket Bucket)
{
    /// <summary>
    /// False for a call whose effect is uncertain after a timeout or a 5xx (a bulk delete): it is
    /// retried only after a 429, which the API answers before doing anything.
    /// </summary>
    public bool RetryWhenUncertain { get; init; } = true;

    public static ApiRequest Get(string path, string query, RateBucket bucket = RateBucket.Workspace) =>
        new(HttpMethod.Get, path, query, null, bucket);

    public static ApiRequest Post(string path, ReadOnlyMemory<byte> jsonBody) =>
        new(HttpMethod.Post, path, string.Empty, jsonBody, RateBucket.Workspace);

    public static ApiRequest Delete(string path, ReadOnlyMemory<byte> jsonBody) =>
        new(HttpMethod.Delete, path, string.Empty, jsonBody, RateBucket.Workspace);

    public HttpRequestMessage ToHttpRequestMessage()
    {
        // Relative to HttpClient.BaseAddress, which ends with '/', so the base path is kept.
        var relative = Query.Length == 0 ? Path.TrimStart('/') : $"{Path.TrimStart('/')}?{Query}";
        var message = new HttpRequestMessage(Method, new Uri(relative, UriKind.Relative));
        if (JsonBody is { } body)
        {
            // Only requests with a body declare a Content-Type: Fastify rejects an empty body that claims to be JSON.
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        }

        return message;
    }

    /// <summary>"GET /campaigns": how messages and logs name the call (no query: it can be long).</summary>
    public override string ToString() => $"{Method.Method} {Path}";
}

/// <summary>Builds escaped query strings, leaving out parameters without a value.</summary>
internal static class ApiQuery
{
    public static string Of(params (string Name, string? Value)[] parameters) =>
        string.Join(
            '&',
            parameters
                .Where(p => p.Value is not null)
                .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}"));
}
