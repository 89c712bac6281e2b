using System.Text.Json;
using InstantlySync.Entities;

namespace InstantlySync.Import;

/// <summary>One record of a snapshot and, for per-campaign analytics, the campaign it belongs to.</summary>
internal readonly record struct SnapshotItem(JsonElement Item, string? CampaignId);

internal sealed record SnapshotSection(SnapshotKey Key, IReadOnlyList<SnapshotItem> Items);

/// <summary>A snapshot file whose structure has been checked; its records are still raw JSON.</summary>
internal sealed class Snapshot(JsonDocument document, IReadOnlyList<SnapshotSection> sections, IReadOnlyList<string> unknownKeys) : IDisposable
{
    public IReadOnlyList<SnapshotSection> Sections { get; } = sections;

    /// <summary>Top-level keys that are not part of the format; reported and skipped.</summary>
    public IReadOnlyList<string> UnknownKeys { get; } = unknownKeys;

    /// <summary>The records under <paramref name="key"/>, in file order; none when the key is absent.</summary>
    public IEnumerable<SnapshotItem> Items(string key) => Sections.Where(s => s.Key.Name == key).SelectMany(s => s.Items);

    /// <summary>The entities the snapshot has a key for, in the order a sync writes them.</summary>
    public IReadOnlyList<Entity> Entities
        => EntityCatalog.All.Where(e => Sections.Any(s => s.Key.Entity == e)).ToList();

    public void Dispose() => document.Dispose();
}
