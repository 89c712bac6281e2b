using System.Text.Json;

namespace InstantlySync.Import;

/// <summary>A snapshot file that cannot be imported as a whole: nothing of it is written.</summary>
internal sealed class SnapshotException(string message) : Exception(message);

/// <summary>
/// Reads a snapshot file and checks its whole structure before anything is written, so a file
/// that is broken as a whole (unreadable, not JSON, a known key holding the wrong type) is refused
/// with one reason. Single records that are not usable are not the file's fault: they pass through
/// here and become dead letters later.
/// </summary>
internal static class SnapshotReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    public static async Task<Snapshot> ReadAsync(string path, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            document = await JsonDocument.ParseAsync(stream, Options, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SnapshotException("file not found");
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new SnapshotException($"cannot be read: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new SnapshotException($"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }

        try
        {
            return Validate(document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static Snapshot Validate(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SnapshotException($"the top level is a JSON {Kind(root)}; an object with keys such as \"campaigns_overview\" and \"accounts\" was expected");
        }

        var sections = new List<SnapshotSection>();
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new SnapshotException($"the key \"{property.Name}\" appears twice");
            }

            if (!SnapshotKeys.TryFind(property.Name, out var key))
            {
                unknown.Add(property.Name);
                continue;
            }

            // A collector that failed on one endpoint may have saved null: that section is empty.
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                sections.Add(new SnapshotSection(key, []));
                continue;
            }

            var items = key.PerCampaign ? PerCampaignItems(key.Name, property.Value) : ListItems(key.Name, property.Value, null);
            sections.Add(new SnapshotSection(key, items));
        }

        if (sections.Count == 0)
        {
            // Likely the wrong file: refuse it rather than record an empty import.
            throw new SnapshotException(
                $"none of the snapshot keys is present ({string.Join(", ", SnapshotKeys.All.Select(k => k.Name))})");
        }

        return new Snapshot(document, sections, unknown);
    }

    /// <summary>A bare array or an <c>{ "items": [...] }</c> envelope (the API's list page shape).</summary>
    private static List<SnapshotItem> ListItems(string where, JsonElement value, string? campaignId)
    {
        var array = value.ValueKind switch
        {
            JsonValueKind.Array => value,
            JsonValueKind.Object when value.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array => items,
            JsonValueKind.Object when value.TryGetProperty("items", out var items) =>
                throw new SnapshotException($"{where}: \"items\" is a JSON {Kind(items)}; an array was expected"),
            _ => throw new SnapshotException($"{where} is a JSON {Kind(value)}; an array or an {{ \"items\": [...] }} envelope was expected"),
        };
        return array.EnumerateArray().Select(item => new SnapshotItem(item, campaignId)).ToList();
    }

    /// <summary>
    /// Per-campaign analytics: an object is an envelope when it has an <c>items</c> key, otherwise
    /// its keys are campaign ids, each holding that campaign's array or envelope. Campaign ids are
    /// UUIDs, so no id can be mistaken for "items". A flat array (or envelope) is accepted too; then
    /// each row names its campaign in <c>campaign_id</c>, and a row that does not is a dead letter.
    /// </summary>
    private static List<SnapshotItem> PerCampaignItems(string key, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array || (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("items", out _)))
        {
            return ListItems(key, value, null)
                .Select(item => item with { CampaignId = CampaignIdOf(item.Item) })
                .ToList();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SnapshotException(
                $"{key} is a JSON {Kind(value)}; an object keyed by campaign id, an array or an {{ \"items\": [...] }} envelope was expected");
        }

        var result = new List<SnapshotItem>();
        foreach (var campaign in value.EnumerateObject())
        {
            if (string.IsNullOrWhiteSpace(campaign.Name))
            {
                throw new SnapshotException($"{key} has an empty campaign id as a key");
            }

            if (campaign.Value.ValueKind != JsonValueKind.Null)
            {
                result.AddRange(ListItems($"{key}[\"{campaign.Name}\"]", campaign.Value, campaign.Name));
            }
        }

        return result;
    }

    private static string? CampaignIdOf(JsonElement item)
        => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("campaign_id", out var id) && id.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(id.GetString())
            ? id.GetString()
            : null;

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
