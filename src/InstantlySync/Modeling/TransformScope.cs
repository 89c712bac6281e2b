namespace InstantlySync.Modeling;

/// <summary>
/// What one transform run of one workspace (<c>@workspace_id</c>) reads, as temporary tables that
/// live until its transaction ends:
/// <list type="bullet">
/// <item><c>changed_leads</c>, <c>changed_emails</c>, <c>changed_campaigns</c>: raw rows whose
/// <c>updated_at</c> is at or past the run's watermark (inclusive, like every lower bound here: a
/// boundary row is derived twice rather than missed, and the second time writes nothing). With
/// <c>@full</c>, every raw row, plus every key the modeled tables hold, so that rows which no
/// longer derive from anything fall in scope and are deleted.</item>
/// <item>Of the leads exactly at the watermark, those whose very version (updated_at and xmin) is
/// staged already are left out: a sync writes a page of leads in one transaction, so they share
/// one updated_at, and re-reading the last page every run re-derived its persons and companies
/// for nothing. Any later write of such a row has another xmin and is read.</item>
/// <item><c>affected_emails</c>, <c>affected_domains</c>: the persons and companies those leads
/// touch, read after the changed leads are staged and before any other modeled row changes: the
/// emails and domains the leads had (campaign_leads) and have now (stg_leads), the company each
/// touched person had, and the companies the touched persons' leads name now.</item>
/// </list>
/// The watermark needs no care about rows committed late: the run holds the workspace's run lock,
/// so no sync or import of the workspace has a write in flight while it reads.
/// </summary>
internal static class TransformScope
{
    public const string Changed = """
        CREATE TEMP TABLE transform_counts (table_name text, inserted bigint, updated bigint, deleted bigint) ON COMMIT DROP;

        CREATE TEMP TABLE changed_leads ON COMMIT DROP AS
        WITH mark AS (SELECT watermark FROM sync_transform_state WHERE workspace_id = @workspace_id AND source_table = 'instantly_leads_raw')
        SELECT r.instantly_lead_id AS id, r.updated_at
          FROM instantly_leads_raw r
         WHERE r.workspace_id = @workspace_id
           AND (@full
                OR r.updated_at > coalesce((SELECT watermark FROM mark), '-infinity')
                OR (r.updated_at = (SELECT watermark FROM mark)
                    AND NOT EXISTS (SELECT 1 FROM {{models_schema}}.stg_leads s
                                     WHERE s.workspace_id = r.workspace_id AND s.instantly_lead_id = r.instantly_lead_id
                                       AND s.raw_updated_at = r.updated_at AND s.raw_xmin = r.xmin)));
        INSERT INTO changed_leads
        SELECT id, NULL::timestamptz FROM (
            SELECT instantly_lead_id AS id FROM {{models_schema}}.campaign_leads WHERE @full AND workspace_id = @workspace_id
            UNION
            SELECT source_id FROM {{models_schema}}.events WHERE @full AND workspace_id = @workspace_id AND source_table = 'instantly_leads_raw'
            UNION
            SELECT instantly_lead_id FROM {{models_schema}}.stg_leads WHERE @full AND workspace_id = @workspace_id
            EXCEPT
            SELECT id FROM changed_leads) gone;
        ALTER TABLE changed_leads ADD PRIMARY KEY (id);

        CREATE TEMP TABLE changed_emails ON COMMIT DROP AS
        SELECT r.instantly_email_id AS id, r.updated_at
          FROM instantly_emails_raw r
         WHERE r.workspace_id = @workspace_id
           AND (@full OR r.updated_at >= coalesce((SELECT watermark FROM sync_transform_state
                                                    WHERE workspace_id = @workspace_id AND source_table = 'instantly_emails_raw'), '-infinity'));
        INSERT INTO changed_emails
        SELECT id, NULL::timestamptz FROM (
            SELECT source_id AS id FROM {{models_schema}}.events WHERE @full AND workspace_id = @workspace_id AND source_table = 'instantly_emails_raw'
            EXCEPT
            SELECT id FROM changed_emails) gone;
        ALTER TABLE changed_emails ADD PRIMARY KEY (id);

        CREATE TEMP TABLE changed_campaigns ON COMMIT DROP AS
        SELECT r.instantly_campaign_id AS id, r.updated_at
          FROM instantly_campaigns_raw r
         WHERE r.workspace_id = @workspace_id
           AND (@full OR r.updated_at >= coalesce((SELECT watermark FROM sync_transform_state
                                                    WHERE workspace_id = @workspace_id AND source_table = 'instantly_campaigns_raw'), '-infinity'));
        INSERT INTO changed_campaigns
        SELECT id, NULL::timestamptz FROM (
            SELECT campaign_id AS id FROM {{models_schema}}.campaigns WHERE @full AND workspace_id = @workspace_id
            EXCEPT
            SELECT id FROM changed_campaigns) gone;
        ALTER TABLE changed_campaigns ADD PRIMARY KEY (id);

        -- Temporary tables have no statistics until analyzed: without them the planner guesses
        -- their size, and an incremental run of a few thousand leads gets plans made for none.
        ANALYZE changed_leads;
        ANALYZE changed_emails;
        ANALYZE changed_campaigns;
        """;

    /// <summary>The persons the changed leads touch: the email each had and has.</summary>
    public const string AffectedEmails = """
        CREATE TEMP TABLE affected_emails ON COMMIT DROP AS
        SELECT s.email FROM {{models_schema}}.stg_leads s JOIN changed_leads c ON c.id = s.instantly_lead_id
         WHERE s.workspace_id = @workspace_id AND s.email IS NOT NULL
        UNION
        SELECT cl.email FROM {{models_schema}}.campaign_leads cl JOIN changed_leads c ON c.id = cl.instantly_lead_id
         WHERE cl.workspace_id = @workspace_id AND cl.email IS NOT NULL
        UNION
        SELECT p.email FROM {{models_schema}}.leads p WHERE @full AND p.workspace_id = @workspace_id;
        ALTER TABLE affected_emails ADD PRIMARY KEY (email);
        ANALYZE affected_emails;
        """;

    /// <summary>
    /// The companies the changed leads and touched persons had or have: a touched person may take
    /// the company of any of their leads, and lead_count counts persons.
    /// </summary>
    public const string AffectedDomains = """
        CREATE TEMP TABLE affected_domains ON COMMIT DROP AS
        SELECT s.company_domain AS domain FROM {{models_schema}}.stg_leads s JOIN changed_leads c ON c.id = s.instantly_lead_id
         WHERE s.workspace_id = @workspace_id AND s.company_domain IS NOT NULL
        UNION
        SELECT s.company_domain FROM {{models_schema}}.stg_leads s
         WHERE s.workspace_id = @workspace_id AND s.email IN (SELECT email FROM affected_emails) AND s.company_domain IS NOT NULL
        UNION
        SELECT cl.company_domain FROM {{models_schema}}.campaign_leads cl JOIN changed_leads c ON c.id = cl.instantly_lead_id
         WHERE cl.workspace_id = @workspace_id AND cl.company_domain IS NOT NULL
        UNION
        SELECT p.company_domain FROM {{models_schema}}.leads p JOIN affected_emails a ON a.email = p.email
         WHERE p.workspace_id = @workspace_id AND p.company_domain IS NOT NULL
        UNION
        SELECT c.domain FROM {{models_schema}}.companies c WHERE @full AND c.workspace_id = @workspace_id;
        ALTER TABLE affected_domains ADD PRIMARY KEY (domain);
        ANALYZE affected_domains;
        """;

    /// <summary>Whether the workspace's leads were transformed before (else this run reads every lead).</summary>
    public const string HasLeadsWatermark = """
        SELECT EXISTS (SELECT 1 FROM sync_transform_state WHERE workspace_id = @workspace_id AND source_table = 'instantly_leads_raw')
        """;

    /// <summary>Moves each source table's watermark to the newest row this run derived from; never backwards.</summary>
    public const string Watermarks = """
        INSERT INTO sync_transform_state AS s (workspace_id, source_table, watermark, last_batch_id)
        SELECT @workspace_id, source_table, max(updated_at), @batch_id
          FROM (SELECT 'instantly_leads_raw' AS source_table, updated_at FROM changed_leads
                UNION ALL SELECT 'instantly_emails_raw', updated_at FROM changed_emails
                UNION ALL SELECT 'instantly_campaigns_raw', updated_at FROM changed_campaigns) read
         GROUP BY source_table
        HAVING max(updated_at) IS NOT NULL
        ON CONFLICT (workspace_id, source_table) DO UPDATE
           SET watermark = greatest(s.watermark, EXCLUDED.watermark), last_batch_id = EXCLUDED.last_batch_id, updated_at = now()
         WHERE EXCLUDED.watermark > s.watermark
        """;

    /// <summary>How many raw rows the run read, and what it wrote per table.</summary>
    public const string Counts = """
        SELECT (SELECT count(*) FROM changed_leads WHERE updated_at IS NOT NULL) AS leads,
               (SELECT count(*) FROM changed_emails WHERE updated_at IS NOT NULL) AS emails,
               (SELECT count(*) FROM changed_campaigns WHERE updated_at IS NOT NULL) AS campaigns;
        SELECT table_name, inserted, updated, deleted FROM transform_counts
        """;
}
