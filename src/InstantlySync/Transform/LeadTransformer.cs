using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>A lead from POST /leads/list, with a derived <c>status</c> for reporting.</summary>
internal static class LeadTransformer
{
    public const string Replied = "replied";
    public const string Bounced = "bounced";
    public const string Emailed = "emailed";
    public const string NotYetEmailed = "not_yet_emailed";

    /// <summary>The API's lead <c>status</c> value for Bounced.</summary>
    private const int BouncedStatus = -1;

    public static RawRow Transform(JsonElement lead)
    {
        RequireObject(lead, "lead");
        var id = RequireKey(lead, "id", "lead");
        var leadStatus = Int(lead, "status");
        object?[] extracted =
        [
            Text(lead, "campaign"),
            Text(lead, "email"),
            Text(lead, "first_name"),
            Text(lead, "last_name"),
            leadStatus,
            DeriveStatus(lead, leadStatus),
            Timestamp(lead, "timestamp_updated"),
        ];
        return new RawRow([id], extracted, lead.GetRawText());
    }

    /// <summary>
    /// replied &gt; bounced &gt; emailed &gt; not_yet_emailed.
    /// Replied needs evidence of an actual reply (<c>email_reply_count</c> &gt; 0 or a
    /// <c>timestamp_last_reply</c>); <c>lt_interest_status</c> is not used because it can be set by
    /// hand without any reply. Bounced is the lead status -1 only: a failed verification
    /// (<c>verification_status</c> -1) means the address was never sent to, not that it bounced.
    /// Emailed is a recorded step (<c>status_summary.lastStep</c>) or a <c>timestamp_last_contact</c>.
    /// </summary>
    private static string DeriveStatus(JsonElement lead, int? leadStatus)
    {
        if (Int(lead, "email_reply_count") > 0 || Has(lead, "timestamp_last_reply"))
        {
            return Replied;
        }

        if (leadStatus == BouncedStatus)
        {
            return Bounced;
        }

        var summary = lead.TryGetProperty("status_summary", out var value) ? value : (JsonElement?)null;
        return Has(summary, "lastStep") || Has(lead, "timestamp_last_contact") ? Emailed : NotYetEmailed;
    }
}
