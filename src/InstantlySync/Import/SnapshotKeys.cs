using System.Diagnostics.CodeAnalysis;
using InstantlySync.Entities;

namespace InstantlySync.Import;

/// <summary>
/// A top-level key of a snapshot: the entity its records become, and whether its value may be
/// keyed by campaign id (the per-campaign analytics endpoints have no campaign column).
/// </summary>
internal sealed record SnapshotKey(string Name, Entity Entity, bool PerCampaign = false);

/// <summary>
/// The keys written by the earlier Python collector (README, "Importing a snapshot"), as each
/// entity declares them in its <see cref="Entity.ImportKeys"/>.
/// </summary>
internal static class SnapshotKeys
{
    public static IReadOnlyList<SnapshotKey> All { get; } =
        [.. EntityCatalog.All.SelectMany(e => e.ImportKeys.Select(k => new SnapshotKey(k.Name, e, k.PerCampaign)))];

    public static bool TryFind(string name, [NotNullWhen(true)] out SnapshotKey? key)
    {
        key = All.FirstOrDefault(k => k.Name == name);
        return key is not null;
    }
}
