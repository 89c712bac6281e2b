using System.Text.Json;

namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// One recorded exchange with the live Instantly API from <c>Fixtures/recorded/</c>: the request
/// that was sent and the response body that came back, exactly as recorded.
/// </summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">As recorded, relative to <c>https://api.instantly.ai/api</c>, e.g. <c>/v2/campaigns</c>.</param>
/// <param name="Params">The recorded query parameters; empty when none were recorded.</param>
/// <param name="Data">The recorded JSON body of a POST, as raw text; null for a bodiless request.</param>
/// <param name="ResponseBody">The recorded response, as raw text.</param>
internal sealed record Recording(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Params,
    string? Data,
    string ResponseBody)
{
    private static readonly string Folder = System.IO.Path.Combine(AppContext.BaseDirectory, "Api", "Fixtures", "recorded");

    /// <summary>Reads <c>Fixtures/recorded/{scenario}/{file}</c>.</summary>
    public static Recording Load(string file, string scenario = "nango")
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(Folder, scenario, file)));
        var root = document.RootElement;
        var request = root.GetProperty("request");
        var parameters = request.TryGetProperty("params", out var query)
            ? query.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new Recording(
            request.GetProperty("method").GetString()!,
            request.GetProperty("path").GetString()!,
            parameters,
            request.TryGetProperty("data", out var data) ? data.GetRawText() : null,
            root.GetProperty("response").GetRawText());
    }

    /// <summary>The manifest's files for one endpoint, e.g. <c>GET /campaigns/analytics/steps</c>.</summary>
    public static IReadOnlyList<string> FilesFor(string endpoint, string scenario = "nango")
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(Folder, scenario, "manifest.json")));
        return [.. document.RootElement
            .GetProperty("endpoints")
            .GetProperty(endpoint)
            .EnumerateArray()
            .Select(entry => entry.GetProperty("file").GetString()!)];
    }

    /// <summary>The recorded page's items, each as raw text, in the order they were sent.</summary>
    public IReadOnlyList<string> Items()
    {
        using var document = JsonDocument.Parse(ResponseBody);
        return [.. document.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetRawText())];
    }

    /// <summary>The recorded page's <c>next_starting_after</c>; null on a page without one.</summary>
    public string? NextCursor()
    {
        using var document = JsonDocument.Parse(ResponseBody);
        return document.RootElement.TryGetProperty("next_starting_after", out var cursor) ? cursor.GetString() : null;
    }
}
