namespace InstantlySync.Modeling;

/// <summary>
/// <c>campaigns</c>: one row per campaign. Key (workspace_id, campaign_id). Source:
/// instantly_campaigns_raw, the campaign merged with its lifetime analytics row, so the counts are
/// NULL for a campaign that has none; step_count is the number of steps in sequences[0].steps.
/// </summary>
internal static class Campaigns
{
    public static Model Model { get; } = new(
        "campaigns",
        ["campaign_id"],
        ["name", "status", "created_at", "leads_count", "contacted_count", "emails_sent_count", "reply_count",
         "bounced_count", "unsubscribed_count", "step_count", "source_table", "source_id"],
        """
        SELECT r.workspace_id,
               r.instantly_campaign_id AS campaign_id,
               r.campaign_name AS name,
               instantly_sync.campaign_status(r.campaign_status) AS status,
               r.timestamp_created AS created_at,
               instantly_sync.json_int(r.raw_json -> 'leads_count') AS leads_count,
               instantly_sync.json_int(r.raw_json -> 'contacted_count') AS contacted_count,
               instantly_sync.json_int(r.raw_json -> 'emails_sent_count') AS emails_sent_count,
               instantly_sync.json_int(r.raw_json -> 'reply_count') AS reply_count,
               instantly_sync.json_int(r.raw_json -> 'bounced_count') AS bounced_count,
               instantly_sync.json_int(r.raw_json -> 'unsubscribed_count') AS unsubscribed_count,
               CASE WHEN jsonb_typeof(r.raw_json #> '{sequences,0,steps}') = 'array'
                    THEN jsonb_array_length(r.raw_json #> '{sequences,0,steps}') END AS step_count,
               'instantly_campaigns_raw' AS source_table,
               r.instantly_campaign_id AS source_id
          FROM instantly_campaigns_raw r
         WHERE r.workspace_id = @workspace_id
           AND r.instantly_campaign_id IN (SELECT id FROM changed_campaigns)
        """,
        "t.campaign_id IN (SELECT id FROM changed_campaigns)");
}
