using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InstantlySync.Api;

/// <summary>
/// Reads an error body whatever its shape. Instantly mostly answers with Fastify's
/// <c>{statusCode,error,message}</c>, but analytics endpoints send <c>{"message"}</c>, some
/// endpoints <c>{"error"}</c>, and the CDN in front of it answers with HTML or plain text.
/// </summary>
internal static partial class ApiErrorBody
{
    private const int MaxDetailLength = 200;

    /// <summary>A one-line description of the body, and whether it is a CDN/WAF block page.</summary>
    public static (string Detail, bool FirewallBlock) Describe(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length == 0)
        {
            return (string.Empty, false);
        }

        if (text[0] is '{' or '[' or '"' && TryDescribeJson(text, out var fromJson))
        {
            return (OneLine(fromJson), false);
        }

        // Cloudflare answers "error code: 1010" (plain text) or an HTML page naming itself when it
        // bans the client's signature, typically a missing or library-default User-Agent.
        if (text.Contains("error code: 1010", StringComparison.OrdinalIgnoreCase)
            || (text.Contains("cloudflare", StringComparison.OrdinalIgnoreCase) && text.Contains("1010", StringComparison.Ordinal)))
        {
            return ("blocked by Cloudflare (error code 1010: the client's signature, usually its User-Agent, is banned); "
                + "this is a WAF block in front of the API, not an API key scope problem", true);
        }

        var isCloudflare = text.Contains("cloudflare", StringComparison.OrdinalIgnoreCase)
            || ErrorCodeLine().IsMatch(text);
        var readable = OneLine(HtmlToText(text));
        return isCloudflare
            ? ($"blocked by the CDN in front of the API ({readable}); this is a WAF block, not an API key scope problem", true)
            : (readable, false);
    }

    private static bool TryDescribeJson(string text, out string detail)
    {
        detail = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                detail = root.GetString() ?? string.Empty;
                return true;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                detail = root.GetRawText();
                return true;
            }

            var message = StringProperty(root, "message");
            var error = StringProperty(root, "error");
            detail = (message, error) switch
            {
                ({ Length: > 0 }, _) => message,
                (_, { Length: > 0 }) => error,
                _ => root.GetRawText(),
            };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? string.Empty
            : string.Empty;

    private static string HtmlToText(string text)
    {
        if (!text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        var title = HtmlTitle().Match(text);
        var content = title.Success ? title.Groups[1].Value : HtmlTag().Replace(text, " ");
        return WebUtility.HtmlDecode(content);
    }

    /// <summary>Collapses whitespace and shortens, so a message stays on one readable line.</summary>
    internal static string OneLine(string text)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        return line.Length <= MaxDetailLength ? line : string.Concat(line.AsSpan(0, MaxDetailLength), "…");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^error code: \d+$", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorCodeLine();
}
