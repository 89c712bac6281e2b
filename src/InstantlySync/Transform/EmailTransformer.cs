using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>A Unibox email from GET /emails.</summary>
internal static class EmailTransformer
{
    private const int TimestampCreatedIndex = 6;

    public static RawRow Transform(JsonElement email)
    {
        RequireObject(email, "email");
        var id = RequireKey(email, "id", "email");
        var created = Timestamp(email, "timestamp_created");
        object?[] extracted =
        [
            Text(email, "campaign_id"),
            Text(email, "lead_id"),
            Text(email, "lead"),
            Text(email, "eaccount"),
            EventType(Int(email, "ue_type")),
            Timestamp(email, "timestamp_email") ?? created,
            created,
            Text(email, "step"),
            Text(email, "thread_id"),
        ];
        return new RawRow([id], extracted, email.GetRawText());
    }

    /// <summary>The row's <c>timestamp_created</c>, which the emails watermark follows.</summary>
    public static DateTimeOffset? TimestampCreated(RawRow row) => row.Extracted[TimestampCreatedIndex] as DateTimeOffset?;

    /// <summary>
    /// <c>ue_type</c> per the API's enum. An unknown value becomes NULL rather than a guess; the
    /// raw JSON keeps the number.
    /// </summary>
    public static string? EventType(int? ueType) => ueType switch
    {
        1 => "sent",
        2 => "received",
        3 => "manual",
        4 => "scheduled",
        _ => null,
    };
}
