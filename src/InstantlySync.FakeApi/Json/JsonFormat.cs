using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InstantlySync.FakeApi.Json;

internal static class JsonFormat
{
    /// <summary>Non-ASCII text and HTML go out as-is, as the real API sends them, not as \u escapes.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Timestamp(Utf8JsonWriter writer, string name, long unixMs)
    {
        Span<char> text = stackalloc char[24];
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        instant.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }

    /// <summary>Writes the timestamp only when set: the API omits unset optional fields rather than sending null.</summary>
    public static void OptionalTimestamp(Utf8JsonWriter writer, string name, long unixMs)
    {
        if (unixMs != 0)
        {
            Timestamp(writer, name, unixMs);
        }
    }

    public static string TimestampText(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly DateOf(long unixMs) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime);

    public static long StartOfDayMs(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Writes one JSON value with a fresh writer and returns its text (for the oracle).</summary>
    public static string ToText(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A stable 64-bit mix (SplitMix64) for values that must not depend on the process, unlike string.GetHashCode.</summary>
    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>A URL-safe token like the opaque parts of real thread ids (<c>31-b83pey3VxIug2tNSES8NvCK</c>).</summary>
    public static string Token(ulong seed, int length)
    {
        return string.Create(length, seed, static (span, state) =>
        {
            var bits = Mix(state);
            for (var i = 0; i < span.Length; i++)
            {
                if (i % 10 == 9)
                {
                    bits = Mix(bits);
                }

                span[i] = TokenAlphabet[(int)(bits & 63)];
                bits >>= 6;
            }
        });
    }
}
