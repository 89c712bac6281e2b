using System.Text.Json;
using InstantlySync.Api;

using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Push;

/// <summary>A campaign's leads right now (<c>POST /leads/list</c> with <c>campaign</c>): how many, and each address's lead id.</summary>
/// <param name="Ids">Lead id by address (trimmed, lower case); leads without an address count but are not here.</param>
internal sealed record LiveLeads(int Count, IReadOnlyDictionary<string, string> Ids)
{
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static async Task<LiveLeads> ListAsync(InstantlyClient client, string campaign, CancellationToken cancellationToken)
    {
        var count = 0;
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var page in client.ListLeadsAsync(campaign, cancellationToken))
        {
            foreach (var lead in page.Items.Where(l => l.ValueKind == JsonValueKind.Object))
            {
                count++;
                if (Text(lead, "email")?.Trim().ToLowerInvariant() is { Length: > 0 } email && Text(lead, "id") is { } id)
                {
                    ids.TryAdd(email, id);
                }
            }
        }

        return new LiveLeads(count, ids);
    }
}
