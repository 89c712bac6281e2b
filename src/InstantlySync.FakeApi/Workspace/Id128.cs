using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// A UUID kept as two big-endian halves, so that ordering the struct orders the canonical
/// lower-case text the API sends (lexicographic order of the hex string) and a million of them
/// cost 16 bytes each instead of a 36-character string.
/// </summary>
internal readonly record struct Id128(ulong High, ulong Low) : IComparable<Id128>
{
    public int CompareTo(Id128 other)
    {
        var byHigh = High.CompareTo(other.High);
        return byHigh != 0 ? byHigh : Low.CompareTo(other.Low);
    }

    public static bool operator <(Id128 left, Id128 right) => left.CompareTo(right) < 0;

    public static bool operator >(Id128 left, Id128 right) => left.CompareTo(right) > 0;

    public static bool operator <=(Id128 left, Id128 right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Id128 left, Id128 right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// UUIDv7 from a timestamp and a seeded generator. <see cref="Guid.CreateVersion7(DateTimeOffset)"/>
    /// fills the random bits from the system RNG, which would break "same seed, same bytes".
    /// </summary>
    public static Id128 Version7(DateTimeOffset timestamp, Random random)
    {
        var milliseconds = (ulong)timestamp.ToUnixTimeMilliseconds();
        var randA = (ulong)random.Next(0, 1 << 12);
        var high = (milliseconds << 16) | (0x7UL << 12) | randA;
        var low = ((ulong)random.NextInt64() & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL;
        return new Id128(high, low);
    }

    public static Id128 Version4(Random random)
    {
        var high = ((ulong)random.NextInt64() & 0xFFFF_FFFF_FFFF_0FFFUL) | 0x4000UL;
        var low = ((ulong)random.NextInt64() & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL;
        return new Id128(high, low);
    }

    /// <summary>
    /// A stable id from a name, shaped like a UUIDv4: the same name gives the same id in every
    /// process, whatever the seed.
    /// </summary>
    public static Id128 FromName(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("instantly-fake-workspace:" + name), hash);
        var high = (BinaryPrimitives.ReadUInt64BigEndian(hash) & 0xFFFF_FFFF_FFFF_0FFFUL) | 0x4000UL;
        var low = (BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL;
        return new Id128(high, low);
    }

    public static bool TryParse(string? text, out Id128 id)
    {
        id = default;
        if (text is null || !Guid.TryParseExact(text, "D", out var guid))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        id = new Id128(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        return true;
    }

    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return new Guid(bytes, bigEndian: true);
    }

    public override string ToString() => ToGuid().ToString("D");
}
