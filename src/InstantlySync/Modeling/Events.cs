namespace InstantlySync.Modeling;

/// <summary>
/// <c>events</c>: the unified timeline, one row per event. Key (workspace_id, source, source_id,
/// event_type), natural, so replaying never duplicates. Sources: every lead is a <c>lead_added</c>
/// (source_id the lead id, at its timestamp_created); every email with a known ue_type is one
/// <c>email_sent</c>, <c>email_received</c>, <c>email_manual</c> or <c>email_scheduled</c>
/// (source_id the email id, at timestamp_email, else timestamp_created), its person the email's
/// <c>lead</c> field lower-cased. source is always <c>instantly</c>.
/// </summary>
internal static class Events
{
    public static Model Model { get; } = new(
        "events",
        ["source", "source_id", "event_type"],
        ["event_at", "email", "campaign_id", "step", "subject", "instantly_email_id", "instantly_lead_id", "source_table"],
        """
        SELECT @workspace_id AS workspace_id,
               'instantly' AS source,
               s.instantly_lead_id AS source_id,
               'lead_added' AS event_type,
               s.added_at AS event_at,
               s.email,
               s.campaign_id,
               NULL::text AS step,
               NULL::text AS subject,
               NULL::text AS instantly_email_id,
               s.instantly_lead_id,
               'instantly_leads_raw' AS source_table
          FROM {{models_schema}}.stg_leads s
          JOIN changed_leads c ON c.id = s.instantly_lead_id
         WHERE s.workspace_id = @workspace_id
        UNION ALL
        SELECT e.workspace_id,
               'instantly',
               e.instantly_email_id,
               instantly_sync.email_event_type(instantly_sync.json_int(e.raw_json -> 'ue_type')),
               e.event_date,              -- timestamp_email, else timestamp_created
               instantly_sync.normalize_email(e.raw_json ->> 'lead'),
               e.instantly_campaign_id,
               e.step,
               e.raw_json ->> 'subject',
               e.instantly_email_id,
               e.instantly_lead_id,
               'instantly_emails_raw'
          FROM instantly_emails_raw e
         WHERE e.workspace_id = @workspace_id
           AND e.instantly_email_id IN (SELECT id FROM changed_emails)
           AND instantly_sync.email_event_type(instantly_sync.json_int(e.raw_json -> 'ue_type')) IS NOT NULL
        """,
        """
        t.source = 'instantly'
           AND (t.source_table, t.source_id) IN (SELECT 'instantly_leads_raw', id FROM changed_leads
                                                 UNION ALL
                                                 SELECT 'instantly_emails_raw', id FROM changed_emails)
        """);
}
