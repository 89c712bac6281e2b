using NpgsqlTypes;

namespace InstantlySync.Storage;

/// <summary>
/// One extracted column of a raw table. <paramref name="Nullable"/> matters only for key columns:
/// keys declared <c>UNIQUE NULLS NOT DISTINCT</c> may hold NULL, and lookups must then match NULL to NULL.
/// </summary>
internal sealed record RawColumn(string Name, NpgsqlDbType Type, bool Nullable = true);

/// <summary>
/// A raw table as the upserter sees it. <see cref="Key"/> lists the conflict columns in
/// <c>ON CONFLICT</c> order; <see cref="Extracted"/> the other extracted columns. <c>raw_json</c>,
/// <c>sync_batch_id</c>, <c>synced_at</c>, <c>created_at</c> and <c>updated_at</c> are implicit.
/// </summary>
internal sealed record RawTable(string Entity, string Name, IReadOnlyList<RawColumn> Key, IReadOnlyList<RawColumn> Extracted)
{
    public IEnumerable<RawColumn> Columns => Key.Concat(Extracted);
}

/// <summary>The six raw tables of migrations 0002–0007.</summary>
internal static class RawTables
{
    private static RawColumn Text(string name, bool nullable = true) => new(name, NpgsqlDbType.Text, nullable);
    private static RawColumn Int(string name) => new(name, NpgsqlDbType.Integer);
    private static RawColumn Timestamp(string name) => new(name, NpgsqlDbType.TimestampTz);

    private static readonly RawColumn[] Metrics =
        [Int("sent"), Int("opened"), Int("unique_opened"), Int("replies"), Int("unique_replies"), Int("clicks"), Int("unique_clicks")];

    public static RawTable Campaigns { get; } = new(
        "campaigns", "instantly_campaigns_raw",
        [Text("instantly_campaign_id", nullable: false)],
        [
            Text("campaign_name"), Int("campaign_status"), Int("leads_count"), Int("contacted_count"),
            Int("reply_count"), Int("emails_sent_count"), Timestamp("timestamp_created"),
        ]);

    public static RawTable Accounts { get; } = new(
        "accounts", "instantly_accounts_raw",
        [Text("email", nullable: false)],
        [Text("first_name"), Text("last_name"), Int("account_status"), Int("warmup_status"), new("warmup_score", NpgsqlDbType.Numeric)]);

    public static RawTable DailyAnalytics { get; } = new(
        "daily_analytics", "instantly_daily_analytics_raw",
        [new("analytics_date", NpgsqlDbType.Date, Nullable: false), Text("instantly_campaign_id")],
        Metrics);

    public static RawTable Steps { get; } = new(
        "steps", "instantly_steps_raw",
        [Text("instantly_campaign_id", nullable: false), Text("step"), Text("variant")],
        Metrics);

    public static RawTable Emails { get; } = new(
        "emails", "instantly_emails_raw",
        [Text("instantly_email_id", nullable: false)],
        [
            Text("instantly_campaign_id"), Text("instantly_lead_id"), Text("email_address"), Text("eaccount"),
            Text("event_type"), Timestamp("event_date"), Timestamp("timestamp_created"), Text("step"), Text("thread_id"),
        ]);

    public static RawTable Leads { get; } = new(
        "leads", "instantly_leads_raw",
        [Text("instantly_lead_id", nullable: false)],
        [
            Text("instantly_campaign_id"), Text("email"), Text("first_name"), Text("last_name"),
            Int("lead_status"), Text("status"), Timestamp("timestamp_updated"),
        ]);

    public static IReadOnlyList<RawTable> All { get; } = [Campaigns, Accounts, DailyAnalytics, Steps, Emails, Leads];

    public static RawTable ByEntity(string entity)
        => All.FirstOrDefault(t => t.Entity == entity)
            ?? throw new ArgumentOutOfRangeException(nameof(entity), entity, "Unknown entity");
}
