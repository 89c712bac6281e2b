using System.Text.Json;

namespace InstantlySync.Api;

/// <summary>
/// One page of a cursor-paginated list. Every item is a standalone element that stays valid
/// after the next page is fetched, so the caller may hold on to it until the page is committed.
/// </summary>
/// <param name="Items">The page's records, as the API sent them.</param>
/// <param name="NextCursor">The cursor that fetches the following page; null on the last one.</param>
/// <param name="PageNumber">1-based position of the page in this listing.</param>
internal sealed record ApiPage(IReadOnlyList<JsonElement> Items, string? NextCursor, int PageNumber);
