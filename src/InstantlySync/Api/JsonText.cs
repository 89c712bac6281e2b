using System.Text.Json;

namespace InstantlySync.Api;

/// <summary>Checks on raw response bodies before they are trusted as JSON.</summary>
internal static class JsonText
{
    /// <summary>
    /// True when the body is the start of a JSON document that stops before it is complete, or is
    /// empty. Such a body is what a connection dropped mid-response leaves behind, even when the
    /// HTTP framing hid the drop (chunked encoding cut at a chunk boundary, a proxy that buffered
    /// part of it), so it is treated like the dropped connection: retried. Malformed JSON that is
    /// complete is a different failure, and retrying it would only repeat it.
    /// </summary>
    public static bool EndsPrematurely(ReadOnlySpan<byte> body)
    {
        // Not the final block: the reader then returns false where more data is needed instead of
        // throwing, which is exactly the difference between "cut short" and "malformed".
        var reader = new Utf8JsonReader(body, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
