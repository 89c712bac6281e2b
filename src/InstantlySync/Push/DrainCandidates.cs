using System.Text.Json;
using InstantlySync.Api;
using InstantlySync.Configuration;

using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Push;

/// <summary>A lead a drain would delete: the campaign it sits in, why (its final status) and the lead as the API listed it.</summary>
internal sealed record DrainCandidate(string CampaignId, string LeadId, string? Email, string FinalStatus, string RawJson);

/// <summary>
/// Lists, per segment campaign, the leads whose sequence is over: completed (status 3), bounced
/// (-1) and unsubscribed (-2), each with <c>POST /leads/list</c> and the matching <c>filter</c>.
/// A lead with a reply (<c>email_reply_count</c> &gt; 0 or a <c>timestamp_last_reply</c>) is kept
/// whatever its status unless <c>Push:DrainReplied</c>; then replied leads are drained too.
/// At most <c>Push:MaxDrainPerRun</c> leads in all, campaigns in segment order.
/// </summary>
internal static class DrainCandidates
{
    public const string Completed = "completed";
    public const string Bounced = "bounced";
    public const string Unsubscribed = "unsubscribed";
    public const string Replied = "replied";

    /// <summary>Final statuses in the order plans show them.</summary>
    public static readonly string[] Order = [Completed, Bounced, Unsubscribed, Replied];

    /// <summary>The API's filter for each final status, in the order they are listed.</summary>
    private static readonly (string Status, string Filter)[] Classes =
    [
        (Unsubscribed, "FILTER_VAL_UNSUBSCRIBED"),
        (Bounced, "FILTER_VAL_BOUNCED"),
        (Completed, "FILTER_VAL_COMPLETED"),
    ];

    public static async Task<(List<DrainCandidate> Leads, int RepliedKept)> ListAsync(
        InstantlyClient client, PushSettings push, CancellationToken cancellationToken)
    {
        var leads = new List<DrainCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repliedKept = 0;
        var classes = push.DrainReplied ? [.. Classes, (Replied, "FILTER_VAL_REPLIED")] : Classes;
        foreach (var campaign in push.Segments.Select(s => s.Campaign).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var (status, filter) in classes)
            {
                await foreach (var page in client.ListLeadsAsync(campaign, filter, cancellationToken))
                {
                    foreach (var lead in page.Items)
                    {
                        if (lead.ValueKind != JsonValueKind.Object || Text(lead, "id") is not { } id || !seen.Add(id))
                        {
                            continue;
                        }

                        if (!push.DrainReplied && HasReply(lead))
                        {
                            repliedKept++;
                            continue;
                        }

                        if (leads.Count < push.MaxDrainPerRun)
                        {
                            leads.Add(new DrainCandidate(campaign, id, Email(lead), status, lead.GetRawText()));
                        }
                    }
                }
            }
        }

        return (leads, repliedKept);
    }

    /// <summary>A reply on record, as the derived lead status reads it (Entities/Leads.cs).</summary>
    private static bool HasReply(JsonElement lead) => Int(lead, "email_reply_count") > 0 || Has(lead, "timestamp_last_reply");

    private static string? Email(JsonElement lead) => Text(lead, "email")?.Trim().ToLowerInvariant() is { Length: > 0 } email ? email : null;
}
