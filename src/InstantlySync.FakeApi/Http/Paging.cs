using System.Globalization;
using System.Text.Json;

namespace InstantlySync.FakeApi.Http;

internal static class Paging
{
    public const int MaxLimit = 100;

    /// <summary>Undocumented upstream; clients are expected to send a limit explicitly.</summary>
    public const int DefaultLimit = 10;

    /// <summary>Validates <c>limit</c> like the API's schema validation, with AJV-style messages.</summary>
    public static ApiResponse? ParseLimit(string? text, string location, out int limit)
    {
        limit = DefaultLimit;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit))
        {
            return ApiResponse.BadRequest($"{location}/limit must be integer");
        }

        return limit switch
        {
            < 1 => ApiResponse.BadRequest($"{location}/limit must be >= 1"),
            > MaxLimit => ApiResponse.BadRequest($"{location}/limit must be <= {MaxLimit}"),
            _ => null,
        };
    }

    /// <summary>
    /// Writes <c>{"items":[…],"next_starting_after":…}</c> from the items that follow the cursor.
    /// Usually the cursor comes back even on the last data page, and the call after it gets
    /// <c>{"items":[]}</c> without one; the other variant leaves it off a short last page.
    /// </summary>
    public static ApiResponse Page<T>(
        IEnumerable<T> itemsAfterCursor,
        int limit,
        string? givenCursor,
        RequestFaults faults,
        Func<T, string> cursorOf,
        Action<Utf8JsonWriter, T> write)
    {
        var items = itemsAfterCursor.Take(limit + 1).ToList();
        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(limit);
        }

        string? next = null;
        if (items.Count > 0 && (faults.CursorOnLastPage || more || items.Count == limit))
        {
            next = cursorOf(items[^1]);
        }

        if (faults.StuckCursor && givenCursor is not null)
        {
            next = givenCursor;
            faults.StuckCursorServed = true;
        }

        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                write(writer, item);
            }

            writer.WriteEndArray();
            if (next is not null)
            {
                writer.WriteString("next_starting_after", next);
            }

            writer.WriteEndObject();
        });
    }
}
