using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace InstantlySync.Api;

/// <summary>Builds the process's one HttpClient for the Instantly API.</summary>
internal static class ApiHttpClient
{
    /// <summary>
    /// Explicit and honest. .NET sends no User-Agent by default, and Cloudflare in front of the API
    /// answers 403 "error code: 1010" to clients with a missing or library-default signature.
    /// </summary>
    public static string UserAgent { get; } = $"InstantlySync/{ProductVersion()} (+https://github.com/instantlysync)";

    /// <summary>The header that sends an admin key's requests to one of its group's sub-workspaces.</summary>
    public const string AsWorkspaceHeader = "x-as-workspace";

    /// <param name="asWorkspace">A sub-workspace id: every request carries <c>x-as-workspace</c> with it.</param>
    public static HttpClient Create(string baseUrl, string apiKey, string? asWorkspace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            // Long runs would otherwise keep one connection, and one DNS answer, for hours.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = BaseAddress(baseUrl),
            // The pipeline owns timeouts, per attempt; HttpClient's own would cut across retries.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Trim());
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (asWorkspace is not null)
        {
            http.DefaultRequestHeaders.Add(AsWorkspaceHeader, asWorkspace);
        }

        return http;
    }

    /// <summary>The base with exactly one trailing slash, so relative paths append to it instead of replacing its last segment.</summary>
    internal static Uri BaseAddress(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl?.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Instantly:BaseUrl '{baseUrl}' is not an absolute http(s) URL.", nameof(baseUrl));
        }

        return uri;
    }

    private static string ProductVersion()
    {
        var assembly = typeof(ApiHttpClient).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        // Drop the "+<commit>" build metadata the SDK appends.
        return version.Split('+')[0];
    }
}
