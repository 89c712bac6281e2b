using System.Text.Json;
using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>
/// A lead from POST /leads/list, with a derived <c>status</c> for reporting.
/// Table: migrations/0007_leads.sql.
/// </summary>
internal static class Leads
{
    public const string Replied = "replied";
    public const string Bounced = "bounced";
    public const string Emailed = "emailed";
    public const string NotYetEmailed = "not_yet_emailed";

    /// <summary>The API's lead <c>status</c> value for Bounced.</summary>
    private const int BouncedStatus = -1;

    public static Entity Entity { get; } = new(
        "leads", "lead", "instantly_leads_raw",
        [Text("instantly_lead_id", l => RequireKey(l.Json, "id", "lead"), nullable: false)],
        [
            Text("instantly_campaign_id", l => Text(l.Json, "campaign")),
            Text("email", l => Text(l.Json, "email")),
            Text("first_name", l => Text(l.Json, "first_name")),
            Text("last_name", l => Text(l.Json, "last_name")),
            Int("lead_status", l => Int(l.Json, "status")),
            Text("status", l => DeriveStatus(l.Json)),
            Timestamp("timestamp_updated", l => Timestamp(l.Json, "timestamp_updated")),
        ])
    {
        Reading = Reading.ListingPerCampaign,
    };

    /// <summary>
    /// replied &gt; bounced &gt; emailed &gt; not_yet_emailed.
    /// Replied needs evidence of an actual reply (<c>email_reply_count</c> &gt; 0 or a
    /// <c>timestamp_last_reply</c>); <c>lt_interest_status</c> is not used because it can be set by
    /// hand without any reply. Bounced is the lead status -1 only: a failed verification
    /// (<c>verification_status</c> -1) means the address was never sent to, not that it bounced.
    /// Emailed is a recorded step (<c>status_summary.lastStep</c>) or a <c>timestamp_last_contact</c>.
    /// </summary>
    private static string DeriveStatus(JsonElement lead)
    {
        if (Int(lead, "email_reply_count") > 0 || Has(lead, "timestamp_last_reply"))
        {
            return Replied;
        }

        if (Int(lead, "status") == BouncedStatus)
        {
            return Bounced;
        }

        var summary = lead.TryGetProperty("status_summary", out var value) ? value : (JsonElement?)null;
        return Has(summary, "lastStep") || Has(lead, "timestamp_last_contact") ? Emailed : NotYetEmailed;
    }
}
