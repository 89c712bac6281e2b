using System.Globalization;
using System.Text.Json;
using InstantlySync.Api;
using WireMock.Logging;

namespace InstantlySync.IntegrationTests.Api;

/// <summary>Reads what the client sent and what it got back, from WireMock's request log.</summary>
internal static class LoggedRequests
{
    /// <summary>A query parameter as the server decoded it; null when the request did not carry it.</summary>
    public static string? Param(this ILogEntry entry, string name) =>
        entry.RequestMessage.GetParameter(name)?.SingleOrDefault();

    public static int Status(this ILogEntry entry) =>
        Convert.ToInt32(entry.ResponseMessage.StatusCode, CultureInfo.InvariantCulture);

    public static JsonElement JsonBody(this ILogEntry entry) =>
        JsonElement.Parse(entry.RequestMessage.Body ?? throw new InvalidOperationException("the request had no body"));

    /// <summary>Every item of every page, as the raw JSON the client handed on.</summary>
    public static IReadOnlyList<string> RawItems(this IEnumerable<ApiPage> pages) =>
        [.. pages.SelectMany(page => page.Items).Select(item => item.GetRawText())];
}
