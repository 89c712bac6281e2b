namespace InstantlySync.Modeling;

/// <summary>
/// Staging, one row per raw lead (grain and key: <c>instantly_lead_id</c> in the run's workspace):
/// every value the models read from a lead, by the rules of README "The modeled layer", computed
/// once per run. Text values are trimmed, and empty ones are NULL, so "the most recently updated
/// lead with a non-empty value" is "with a non-NULL value" downstream.
/// </summary>
internal static class StagedLeads
{
    public const string Create = """
        CREATE TEMP TABLE staged_leads (
            instantly_lead_id  text PRIMARY KEY,
            campaign_id        text,
            list_id            text,
            email              text,
            company_domain     text,
            company_name       text,
            first_name         text,
            last_name          text,
            job_title          text,
            phone              text,
            website            text,
            industry           text,
            company_size       text,
            revenue            numeric,
            city               text,
            country            text,
            lead_status        integer,
            status             text,
            interest           text,
            last_step          text,
            opens              integer,
            replies            integer,
            clicks             integer,
            added_at           timestamptz,
            updated_at         timestamptz,   -- the lead's timestamp_updated: "most recently updated"
            last_contacted_at  timestamptz,
            replied_at         timestamptz
        ) ON COMMIT DROP;
        CREATE INDEX ON staged_leads (email);
        CREATE INDEX ON staged_leads (company_domain);
        """;

    /// <summary>Stages the leads in <c>wanted_leads</c> that are not staged yet.</summary>
    public const string Stage = """
        INSERT INTO staged_leads
        SELECT r.instantly_lead_id,
               r.instantly_campaign_id,
               nullif(btrim(r.raw_json ->> 'list_id'), ''),
               instantly_sync.normalize_email(r.raw_json ->> 'email'),
               instantly_sync.company_domain(r.raw_json ->> 'company_domain', r.raw_json ->> 'website', r.raw_json ->> 'email'),
               nullif(btrim(r.raw_json ->> 'company_name'), ''),
               nullif(btrim(r.raw_json ->> 'first_name'), ''),
               nullif(btrim(r.raw_json ->> 'last_name'), ''),
               coalesce(nullif(btrim(r.raw_json ->> 'job_title'), ''),
                        instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['job_title', 'jobtitle', 'title', 'functie', 'functietitel'])),
               nullif(btrim(r.raw_json ->> 'phone'), ''),
               nullif(btrim(r.raw_json ->> 'website'), ''),
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['industry', 'branche', 'sector', 'sector_nl', 'industrie']),
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['company_size', 'companysize', 'employees', 'employee_count', 'headcount',
                                                                           'size', 'bedrijfsgrootte', 'medewerkers', 'aantal_medewerkers', 'werknemers']),
               instantly_sync.parse_revenue(instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['revenue', 'annual_revenue', 'annualrevenue', 'omzet', 'jaaromzet'])),
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['city', 'stad', 'plaats', 'woonplaats', 'vestigingsplaats']),
               instantly_sync.custom_variable(r.raw_json -> 'payload', ARRAY['country', 'land']),
               r.lead_status,
               r.status,
               instantly_sync.interest(instantly_sync.json_int(r.raw_json -> 'lt_interest_status')),
               nullif(r.raw_json #>> '{status_summary,lastStep,stepID}', ''),
               instantly_sync.json_int(r.raw_json -> 'email_open_count'),
               instantly_sync.json_int(r.raw_json -> 'email_reply_count'),
               instantly_sync.json_int(r.raw_json -> 'email_click_count'),
               instantly_sync.json_timestamp(r.raw_json ->> 'timestamp_created'),
               r.timestamp_updated,
               instantly_sync.json_timestamp(r.raw_json ->> 'timestamp_last_contact'),
               instantly_sync.json_timestamp(r.raw_json ->> 'timestamp_last_reply')
          FROM instantly_leads_raw r
         WHERE r.workspace_id = @workspace_id
           AND r.instantly_lead_id IN (SELECT id FROM wanted_leads)
           AND NOT EXISTS (SELECT 1 FROM staged_leads s WHERE s.instantly_lead_id = r.instantly_lead_id);
        ANALYZE staged_leads;
        """;
}
