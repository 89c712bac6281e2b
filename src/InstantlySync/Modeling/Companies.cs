namespace InstantlySync.Modeling;

/// <summary>
/// <c>companies</c>: one row per company domain. Key (workspace_id, domain). Source: the Instantly
/// leads (rows, not persons, email or not) whose company domain it is; free-mail domains make none.
/// company_name is the most frequent non-empty name among them, a tie going to the name of the most
/// recently updated lead (then the name itself, so every run decides alike); first_seen_at and
/// last_seen_at are the earliest timestamp_created and latest timestamp_updated; lead_count is the
/// number of persons whose company_domain is the domain (so <see cref="People"/> runs first).
/// </summary>
internal static class Companies
{
    public static Model Model { get; } = new(
        "companies",
        ["domain"],
        ["company_name", "lead_count", "first_seen_at", "last_seen_at", "source_table", "source_id"],
        """
        SELECT @workspace_id AS workspace_id,
               seen.domain,
               named.company_name,
               coalesce(persons.lead_count, 0) AS lead_count,
               seen.first_seen_at,
               seen.last_seen_at,
               'instantly_leads_raw' AS source_table,
               seen.source_id
          FROM (SELECT s.company_domain AS domain,
                       min(s.added_at) AS first_seen_at,
                       max(s.updated_at) AS last_seen_at,
                       (array_agg(s.instantly_lead_id ORDER BY s.updated_at DESC NULLS LAST, s.instantly_lead_id DESC))[1] AS source_id
                  FROM {{models_schema}}.stg_leads s
                 WHERE s.workspace_id = @workspace_id AND s.company_domain IN (SELECT domain FROM affected_domains)
                 GROUP BY s.company_domain) seen
          LEFT JOIN (SELECT DISTINCT ON (domain) domain, company_name
                       FROM (SELECT s.company_domain AS domain, s.company_name, count(*) AS rows, max(s.updated_at) AS latest
                               FROM {{models_schema}}.stg_leads s
                              WHERE s.workspace_id = @workspace_id AND s.company_domain IN (SELECT domain FROM affected_domains) AND s.company_name IS NOT NULL
                              GROUP BY s.company_domain, s.company_name) names
                      ORDER BY domain, rows DESC, latest DESC NULLS LAST, company_name) named USING (domain)
          LEFT JOIN (SELECT p.company_domain AS domain, count(*)::integer AS lead_count
                       FROM {{models_schema}}.leads p
                      WHERE p.workspace_id = @workspace_id AND p.company_domain IN (SELECT domain FROM affected_domains)
                      GROUP BY p.company_domain) persons USING (domain)
        """,
        "t.domain IN (SELECT domain FROM affected_domains)");
}
