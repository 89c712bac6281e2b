using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>A Unibox email from GET /emails. Table: migrations/0006_emails.sql.</summary>
internal static class Emails
{
    public static Entity Entity { get; } = new(
        "emails", "email", "instantly_emails_raw",
        [Text("instantly_email_id", e => RequireKey(e.Json, "id", "email"), nullable: false)],
        [
            Text("instantly_campaign_id", e => Text(e.Json, "campaign_id")),
            Text("instantly_lead_id", e => Text(e.Json, "lead_id")),
            Text("email_address", e => Text(e.Json, "lead")),
            Text("eaccount", e => Text(e.Json, "eaccount")),
            Text("event_type", e => EventType(Int(e.Json, "ue_type"))),
            Timestamp("event_date", e => Timestamp(e.Json, "timestamp_email") ?? Timestamp(e.Json, "timestamp_created")),
            Timestamp("timestamp_created", e => Timestamp(e.Json, "timestamp_created")),
            Text("step", e => Text(e.Json, "step")),
            Text("thread_id", e => Text(e.Json, "thread_id")),
        ])
    {
        Reading = Reading.SinceWatermark,
        Windowed = true,
        ImportKeys = [new("emails_sample")],
    };

    /// <summary>The row's <c>timestamp_created</c>, which the emails watermark follows.</summary>
    public static DateTimeOffset? TimestampCreated(RawRow row) => Entity.Value(row, "timestamp_created") as DateTimeOffset?;

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
