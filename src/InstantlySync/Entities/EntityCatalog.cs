using System.Diagnostics.CodeAnalysis;

namespace InstantlySync.Entities;

/// <summary>
/// Every API entity, in the order a sync starts them (campaigns first: the others need the list).
/// <c>--entities</c>, the sync's dispatch, the import's key mapping, status and the dry-run report
/// all read this list.
/// </summary>
internal static class EntityCatalog
{
    public static IReadOnlyList<Entity> All { get; } =
        [Campaigns.Entity, Accounts.Entity, DailyAnalytics.Entity, Steps.Entity, Emails.Entity, Leads.Entity];

    public static IEnumerable<string> Names => All.Select(e => e.Name);

    public static bool TryFind(string name, [NotNullWhen(true)] out Entity? entity)
    {
        entity = All.FirstOrDefault(e => e.Name == name);
        return entity is not null;
    }
}
