using System.Text.Json;

namespace InstantlySync.Api;

/// <summary>Unwraps the two response shapes the read endpoints use.</summary>
internal static class ApiEnvelope
{
    /// <summary>
    /// <c>{"items":[…],"next_starting_after":"…"}</c>. The cursor is optional and opaque: a UUID,
    /// a timestamp or "timestamp&amp;email" depending on the endpoint; it is fed back unchanged.
    /// </summary>
    public static (IReadOnlyList<JsonElement> Items, string? NextCursor) ReadPage(ApiRequest request, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("items", out var items)
            || items.ValueKind != JsonValueKind.Array)
        {
            throw ApiFailures.InvalidResponse(request, attempts: 0, "expected an object with an \"items\" array");
        }

        string? next = null;
        if (root.TryGetProperty("next_starting_after", out var cursor))
        {
            next = cursor.ValueKind switch
            {
                JsonValueKind.String => cursor.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => cursor.GetRawText(),
            };
        }

        return (Elements(items), string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>
    /// The analytics endpoints answer with a bare array. An <c>{"items":[…]}</c> envelope is
    /// accepted too, in case an endpoint gains pagination.
    /// </summary>
    public static IReadOnlyList<JsonElement> ReadArray(ApiRequest request, JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => Elements(root),
        JsonValueKind.Object when root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            => Elements(items),
        _ => throw ApiFailures.InvalidResponse(request, attempts: 0, "expected a JSON array"),
    };

    /// <summary>
    /// The root came from <see cref="JsonElement.Parse(ReadOnlySpan{byte}, JsonDocumentOptions)"/>,
    /// whose document is not pooled, so its children stay valid for as long as anyone holds them.
    /// </summary>
    private static JsonElement[] Elements(JsonElement array)
    {
        var elements = new JsonElement[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            elements[i++] = element;
        }

        return elements;
    }
}
