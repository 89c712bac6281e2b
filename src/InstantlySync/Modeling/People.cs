namespace InstantlySync.Modeling;

/// <summary>
/// <c>leads</c>: one row per person. Key (workspace_id, email), the lead's email trimmed and
/// lower-cased. Source: every Instantly lead with that email. Each column comes from the most
/// recently updated of those leads (greatest timestamp_updated, then greatest lead id, so a tie is
/// decided the same way every run) that has a value for it; the status is the highest among them;
/// campaign_count counts distinct campaigns. Lineage names the most recently updated lead.
/// </summary>
internal static class People
{
    public static Model Model { get; } = new(
        "leads",
        ["email"],
        ["first_name", "last_name", "company_domain", "company_name", "job_title", "phone", "website", "industry", "company_size",
         "revenue", "city", "country", "status", "campaign_count", "first_added_at", "last_contacted_at", "last_replied_at",
         "source_table", "source_id"],
        $"""
        SELECT @workspace_id AS workspace_id,
               s.email,
               {Latest("first_name")},
               {Latest("last_name")},
               {Latest("company_domain")},
               {Latest("company_name")},
               {Latest("job_title")},
               {Latest("phone")},
               {Latest("website")},
               {Latest("industry")},
               {Latest("company_size")},
               {Latest("revenue")},
               {Latest("city")},
               {Latest("country")},
               (array_agg(s.status ORDER BY instantly_sync.status_rank(s.status) DESC))[1] AS status,
               count(DISTINCT s.campaign_id)::integer AS campaign_count,
               min(s.added_at) AS first_added_at,
               max(s.last_contacted_at) AS last_contacted_at,
               max(s.replied_at) AS last_replied_at,
               'instantly_leads_raw' AS source_table,
               (array_agg(s.instantly_lead_id ORDER BY {MostRecent}))[1] AS source_id
          FROM {Transform.SchemaPlaceholder}.stg_leads s
         WHERE s.workspace_id = @workspace_id AND s.email IN (SELECT email FROM affected_emails)
         GROUP BY s.email
        """,
        "t.email IN (SELECT email FROM affected_emails)");

    private const string MostRecent = "s.updated_at DESC NULLS LAST, s.instantly_lead_id DESC";

    /// <summary>The column's value from the most recently updated lead that has one.</summary>
    private static string Latest(string column)
        => $"(array_agg(s.{column} ORDER BY {MostRecent}) FILTER (WHERE s.{column} IS NOT NULL))[1] AS {column}";
}
