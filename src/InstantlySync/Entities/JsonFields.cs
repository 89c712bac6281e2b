using System.Globalization;
using System.Text.Json;

namespace InstantlySync.Entities;

/// <summary>
/// Lenient readers for extracted columns. The API omits unset fields, sometimes sends <c>null</c>
/// or <c>""</c>, and a value of the wrong type must not lose the record: every reader returns
/// NULL for anything it cannot read, and the raw JSON keeps the original value.
/// </summary>
internal static class JsonFields
{
    public static void RequireObject(JsonElement item, string entity)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new TransformException($"{entity} item is a JSON {item.ValueKind}, not an object");
        }
    }

    /// <summary>A key that must be a non-empty string; ids are opaque strings (UUIDs, emails).</summary>
    public static string RequireKey(JsonElement item, string name, string entity)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            throw new TransformException($"{entity} item has no \"{name}\"");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new TransformException($"{entity} item has a {value.ValueKind} \"{name}\"; a string was expected");
        }

        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text)
            ? throw new TransformException($"{entity} item has an empty \"{name}\"")
            : text;
    }

    /// <summary>A key part that may be NULL (step, variant): a string or a number as text, NULL when absent or empty.</summary>
    public static string? OptionalKey(JsonElement item, string name, string entity)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => NullIfEmpty(value.GetString()),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new TransformException($"{entity} item has a {value.ValueKind} \"{name}\"; a string was expected"),
        };
    }

    public static string? Text(JsonElement? item, string name) => Find(item, name) switch
    {
        { ValueKind: JsonValueKind.String } value => NullIfEmpty(value.GetString()),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    /// <summary>An integer column. Numbers sent as strings are read; fractions, overflow and other text become NULL.</summary>
    public static int? Int(JsonElement? item, string name)
    {
        var number = Decimal(item, name);
        return number is { } n && n == decimal.Truncate(n) && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;
    }

    public static decimal? Decimal(JsonElement? item, string name)
    {
        switch (Find(item, name))
        {
            case { ValueKind: JsonValueKind.Number } value:
                return value.TryGetDecimal(out var number) ? number : null;
            case { ValueKind: JsonValueKind.String } value:
                return decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                return null;
        }
    }

    /// <summary>An ISO-8601 timestamp, normalised to UTC (timestamptz parameters must carry offset zero).</summary>
    public static DateTimeOffset? Timestamp(JsonElement? item, string name)
    {
        return Find(item, name) is { ValueKind: JsonValueKind.String } value
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    /// <summary>An analytics day, <c>YYYY-MM-DD</c>; a full timestamp is read as its UTC date.</summary>
    public static DateOnly? Date(JsonElement? item, string name)
    {
        if (Find(item, name) is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        var text = value.GetString();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return Timestamp(item, name) is { } time ? DateOnly.FromDateTime(time.UtcDateTime) : null;
    }

    public static bool Has(JsonElement? item, string name) => Find(item, name) switch
    {
        null => false,
        { ValueKind: JsonValueKind.String } value => !string.IsNullOrWhiteSpace(value.GetString()),
        _ => true,
    };

    private static JsonElement? Find(JsonElement? item, string name)
        => item is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
