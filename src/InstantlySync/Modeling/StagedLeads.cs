namespace InstantlySync.Modeling;

/// <summary>
/// <c>stg_leads</c>, the staging model (migrations/0014): one row per raw lead, key (workspace_id,
/// instantly_lead_id), every value the other models read from a lead by the rules of README "The
/// modeled layer". Text values are kept as written, and NULL when empty or only whitespace, so "the
/// most recently updated lead with a non-empty value" is "with a non-NULL value" downstream.
/// Materialized like the other models but kept between runs, so a lead is staged once per change
/// of its raw row (<c>changed_leads</c>), and a person's or a company's other leads are read back
/// as staged; raw_updated_at and raw_xmin name the raw row's version it was staged from.
/// </summary>
internal static class StagedLeads
{
    public static Model Model { get; } = new(
        "stg_leads",
        ["instantly_lead_id"],
        ["campaign_id", "list_id", "email", "company_domain", "company_name", "first_name", "last_name", "job_title", "phone",
         "website", "industry", "company_size", "revenue", "city", "country", "lead_status", "status", "interest", "last_step",
         "opens", "replies", "clicks", "added_at", "updated_at", "last_contacted_at", "replied_at", "raw_updated_at", "raw_xmin"],
        """
        SELECT r.workspace_id,
               r.instantly_lead_id,
               r.instantly_campaign_id AS campaign_id,
               instantly_sync.non_blank(r.raw_json ->> 'list_id') AS list_id,
               instantly_sync.normalize_email(r.raw_json ->> 'email') AS email,
               instantly_sync.company_domain(r.raw_json ->> 'company_domain', r.raw_json ->> 'website', r.raw_json ->> 'email') AS company_domain,
               instantly_sync.non_blank(r.raw_json ->> 'company_name') AS company_name,
               instantly_sync.non_blank(r.raw_json ->> 'first_name') AS first_name,
               instantly_sync.non_blank(r.raw_json ->> 'last_name') AS last_name,
               coalesce(instantly_sync.non_blank(r.raw_json ->> 'job_title'),
                        instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['job_title', 'jobtitle', 'title', 'functie', 'functietitel'])) AS job_title,
               instantly_sync.non_blank(r.raw_json ->> 'phone') AS phone,
               instantly_sync.non_blank(r.raw_json ->> 'website') AS website,
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['industry', 'branche', 'sector', 'sector_nl', 'industrie']) AS industry,
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['company_size', 'companysize', 'employees', 'employee_count', 'headcount',
                                                                           'size', 'bedrijfsgrootte', 'medewerkers', 'aantal_medewerkers', 'werknemers']) AS company_size,
               instantly_sync.parse_revenue(instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['revenue', 'annual_revenue', 'annualrevenue', 'omzet', 'jaaromzet'])) AS revenue,
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['city', 'stad', 'plaats', 'woonplaats', 'vestigingsplaats']) AS city,
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['country', 'land']) AS country,
               r.lead_status,
               r.status,
               instantly_sync.interest(instantly_sync.json_int(r.raw_json -> 'lt_interest_status')) AS interest,
               nullif(r.raw_json #>> '{status_summary,lastStep,stepID}', '') AS last_step,   -- as the API writes it (0_1_0)
               instantly_sync.json_int(r.raw_json -> 'email_open_count') AS opens,
               instantly_sync.json_int(r.raw_json -> 'email_reply_count') AS replies,
               instantly_sync.json_int(r.raw_json -> 'email_click_count') AS clicks,
               instantly_sync.json_timestamp(r.raw_json ->> 'timestamp_created') AS added_at,
               r.timestamp_updated AS updated_at,         -- "most recently updated"
               instantly_sync.json_timestamp(r.raw_json ->> 'timestamp_last_contact') AS last_contacted_at,
               instantly_sync.json_timestamp(r.raw_json ->> 'timestamp_last_reply') AS replied_at,
               r.updated_at AS raw_updated_at,
               r.xmin AS raw_xmin
          FROM instantly_leads_raw r
         WHERE r.workspace_id = @workspace_id
           AND r.instantly_lead_id IN (SELECT id FROM changed_leads)
        """,
        "t.instantly_lead_id IN (SELECT id FROM changed_leads)");
}
