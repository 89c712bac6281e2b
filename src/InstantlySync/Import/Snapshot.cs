using System.Text.Json;
using InstantlySync.Entities;

namespace InstantlySync.Import;

/// <summary>One record of a snapshot and, for per-campaign analytics, the campaign it belongs to.</summary>
internal readonly record struct SnapshotItem(JsonElement Item, string? CampaignId);

internal sealed record SnapshotSection(SnapshotKey Key, IReadOnlyList<SnapshotItem> Items);

/// <summary>A snapshot file whose structure has been checked; its records are still raw JSON.</summary>
internal sealed class Snapshot(JsonDocument document, IReadOnlyList<SnapshotSection> sections, IReadOnlyList<string> unknownKeys) : IDisposable
{
    private static readonly string[] OrganizationFields = ["organization", "organization_id"];

    public IReadOnlyList<SnapshotSection> Sections { get; } = sections;

    /// <summary>Top-level keys that are not part of the format; reported and skipped.</summary>
    public IReadOnlyList<string> UnknownKeys { get; } = unknownKeys;

    /// <summary>The records under <paramref name="key"/>, in file order; none when the key is absent.</summary>
    public IEnumerable<SnapshotItem> Items(string key) => Sections.Where(s => s.Key.Name == key).SelectMany(s => s.Items);

    /// <summary>The entities the snapshot has a key for, in the order a sync writes them.</summary>
    public IReadOnlyList<Entity> Entities
        => EntityCatalog.All.Where(e => Sections.Any(s => s.Key.Entity == e)).ToList();

    /// <summary>
    /// The workspace ids the records name (<c>organization</c> on campaigns and accounts,
    /// <c>organization_id</c> on emails): the Instantly workspace the snapshot was taken from.
    /// </summary>
    public IReadOnlyList<string> Organizations() => Sections
        .SelectMany(s => s.Items)
        .Select(i => i.Item)
        .Where(item => item.ValueKind == JsonValueKind.Object)
        .SelectMany(item => OrganizationFields
            .Select(name => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null))
        .OfType<string>()
        .Where(id => id.Length > 0)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    public void Dispose() => document.Dispose();
}
