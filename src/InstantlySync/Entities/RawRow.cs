using System.Globalization;

namespace InstantlySync.Entities;

/// <summary>
/// One row for a raw table: key values and extracted values in the order of the table's
/// <see cref="RawTable"/> columns (as the entity's fields list them), and the JSON text stored in <c>raw_json</c>.
/// </summary>
internal sealed record RawRow(object?[] Key, object?[] Extracted, string RawJson)
{
    /// <summary>The key as one string (<c>"2026-06-30|9b6f…"</c>, NULL as empty), as dead letters and logs record it.</summary>
    public string KeyText { get; } = FormatKey(Key);

    public static string FormatKey(IEnumerable<object?> key) => string.Join('|', key.Select(FormatKeyPart));

    private static string FormatKeyPart(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>An API item that cannot become a row: not an object, no key, or a key of the wrong type.</summary>
internal sealed class TransformException(string message) : Exception(message);
