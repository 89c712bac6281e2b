namespace InstantlySync.Modeling;

/// <summary>
/// <c>campaign_leads</c>: one row per Instantly lead, a person in one campaign or list.
/// Key (workspace_id, instantly_lead_id). Source: instantly_leads_raw, one row each; leads without
/// an email are here too (they make no person).
/// </summary>
internal static class CampaignLeads
{
    public static Model Model { get; } = new(
        "campaign_leads",
        ["instantly_lead_id"],
        ["campaign_id", "list_id", "email", "company_domain", "lead_status", "status", "interest", "last_step",
         "opens", "replies", "clicks", "added_at", "last_contacted_at", "replied_at", "source_table", "source_id"],
        """
        SELECT @workspace_id AS workspace_id,
               s.instantly_lead_id,
               s.campaign_id,
               s.list_id,
               s.email,
               s.company_domain,
               instantly_sync.lead_status(s.lead_status) AS lead_status,
               s.status,
               s.interest,
               s.last_step,              -- status_summary.lastStep.stepID as the API writes it (0_1_0)
               s.opens,
               s.replies,
               s.clicks,
               s.added_at,
               s.last_contacted_at,
               s.replied_at,
               'instantly_leads_raw' AS source_table,
               s.instantly_lead_id AS source_id
          FROM {{models_schema}}.stg_leads s
          JOIN changed_leads c ON c.id = s.instantly_lead_id
         WHERE s.workspace_id = @workspace_id
        """,
        "t.instantly_lead_id IN (SELECT id FROM changed_leads)");
}
