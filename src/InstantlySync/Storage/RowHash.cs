using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using InstantlySync.Entities;

namespace InstantlySync.Storage;

/// <summary>
/// The fingerprint stored in <c>raw_hash</c>: the first 16 bytes of SHA-256 over every value the
/// upserter writes for a row (key, extracted columns, raw JSON text), each tagged with its type.
/// Equal fingerprints mean the row was last written with exactly these values, so merging them
/// again (<c>stored || incoming</c>, columns from incoming) cannot change anything.
/// </summary>
internal static class RowHash
{
    public const int Length = 16;

    /// <summary>Bumped whenever the encoding below changes, so old fingerprints never match new ones.</summary>
    private const byte Version = 1;

    /// <summary>One buffer per thread, reused: a batch fingerprints hundreds of ~1 KB rows.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static byte[] Compute(RawRow row)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        buffer.Write<byte>([Version]);
        foreach (var value in row.Key)
        {
            Append(buffer, value);
        }

        foreach (var value in row.Extracted)
        {
            Append(buffer, value);
        }

        Append(buffer, row.RawJson);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return digest[..Length].ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> buffer, object? value)
    {
        switch (value)
        {
            case null:
                buffer.Write<byte>([0]);
                break;
            case string text:
                var span = buffer.GetSpan(5 + Encoding.UTF8.GetMaxByteCount(text.Length));
                span[0] = 1;
                var length = Encoding.UTF8.GetBytes(text, span[5..]);
                BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
                buffer.Advance(5 + length);
                break;
            case int number:
                Fixed(buffer, 2, sizeof(int), s => BinaryPrimitives.WriteInt32LittleEndian(s, number));
                break;
            case long number:
                Fixed(buffer, 3, sizeof(long), s => BinaryPrimitives.WriteInt64LittleEndian(s, number));
                break;
            case decimal number:
                // The bits keep the scale: 1.0 and 1.00 hash apart, as numeric stores them apart.
                Fixed(buffer, 4, 16, s => decimal.GetBits(number, MemoryMarshal.Cast<byte, int>(s)));
                break;
            case bool flag:
                Fixed(buffer, 5, 1, s => s[0] = flag ? (byte)1 : (byte)0);
                break;
            case DateOnly date:
                Fixed(buffer, 6, sizeof(int), s => BinaryPrimitives.WriteInt32LittleEndian(s, date.DayNumber));
                break;
            case DateTimeOffset time:
                Fixed(buffer, 7, sizeof(long), s => BinaryPrimitives.WriteInt64LittleEndian(s, time.UtcTicks));
                break;
            default:
                throw new InvalidCastException($"Cannot fingerprint a {value.GetType().Name}");
        }
    }

    private delegate void SpanWriter(Span<byte> span);

    private static void Fixed(ArrayBufferWriter<byte> buffer, byte tag, int size, SpanWriter write)
    {
        var span = buffer.GetSpan(1 + size);
        span[0] = tag;
        write(span.Slice(1, size));
        buffer.Advance(1 + size);
    }
}
