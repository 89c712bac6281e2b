using System.Text;
using InstantlySync.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace InstantlySync.Push;

/// <summary>One candidate the top-up would send: the segment it fell in and the lead as <c>POST /leads/add</c> takes it.</summary>
internal sealed record TopUpCandidate(string Email, int Segment, string LeadJson);

/// <summary>What the lead pool holds for one workspace: the candidates in send order and the rest counted by reason.</summary>
/// <param name="First">The first candidates in send order, as many as were asked for.</param>
/// <param name="EligibleCount">Every candidate left after the exclusions, sent or not.</param>
internal sealed record TopUpCandidates(IReadOnlyList<TopUpCandidate> First, int EligibleCount, IReadOnlyDictionary<string, int> Excluded);

/// <summary>
/// Reads the lead pool for one workspace's top-up, in one read-only query (a segment predicate can
/// read anything it likes but write nothing). Grain: one row per pool row; each is either a
/// candidate for the first segment whose <c>Where</c> holds, or excluded for the first reason that
/// applies, in this order:
/// <list type="bullet">
/// <item><c>invalid_email</c>: no email, or not of the form local@domain.tld;</item>
/// <item><c>no_segment</c>: no segment's <c>Where</c> holds;</item>
/// <item><c>dnc_email</c>, <c>dnc_domain</c>: the address or its domain is on the DNC list;</item>
/// <item><c>cooldown</c>: drained from a campaign less than <c>CooldownDays</c> ago;</item>
/// <item><c>in_campaign</c>: already in a segment campaign — live in Instantly (the inventory the
/// run just listed), stored by the last sync, or sent by an earlier push and not yet settled otherwise;</item>
/// <item><c>rejected</c>: Instantly refused the address in an earlier push (skipped, blocked,
/// invalid there): rejections are outcomes, not retried;</item>
/// <item><c>duplicate</c>: the same email (trimmed, lower case) earlier in the pool.</item>
/// </list>
/// Order: the view's own when it has an ORDER BY, else by email.
/// </summary>
internal static class LeadPool
{
    /// <summary>The columns that travel as lead fields; every other non-NULL column is a custom variable.</summary>
    public static readonly string[] LeadFields = ["first_name", "last_name", "company_name", "website", "phone", "job_title", "personalization"];

    public const string InvalidEmail = "invalid_email";
    public const string NoSegment = "no_segment";
    public const string DncEmail = "dnc_email";
    public const string DncDomain = "dnc_domain";
    public const string Cooldown = "cooldown";
    public const string InCampaign = "in_campaign";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";

    public static readonly string[] Reasons = [InvalidEmail, NoSegment, DncEmail, DncDomain, Cooldown, InCampaign, Rejected, Duplicate];

    /// <summary>The row that counts the candidates left after every exclusion.</summary>
    private const string EligibleCount = "eligible";

    public static async Task<TopUpCandidates> ReadAsync(
        NpgsqlConnection connection, string modelsSchema, PushSource source, PushSettings push, string workspaceId,
        IReadOnlyCollection<string> liveEmails, int wanted, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(Sql(modelsSchema, source, push), connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = push.Segments.Select(s => s.Campaign).Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = liveEmails.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = push.CooldownDays, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = LeadFields, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = wanted, NpgsqlDbType = NpgsqlDbType.Integer });

        var first = new List<TopUpCandidate>();
        var excluded = Reasons.ToDictionary(r => r, _ => 0);
        var eligible = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(0))
                {
                    first.Add(new TopUpCandidate(reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
                }
                else if (reader.GetString(0) == EligibleCount)
                {
                    eligible = reader.GetInt32(4);
                }
                else
                {
                    excluded[reader.GetString(0)] = reader.GetInt32(4);
                }
            }
        }

        await transaction.RollbackAsync(cancellationToken);
        return new TopUpCandidates(first, eligible, excluded);
    }

    /// <summary>
    /// $1 workspace id, $2 segment campaign ids, $3 emails live in those campaigns, $4 cooldown days,
    /// $5 the lead field names, $6 how many candidates to return. Rows: the first candidates in send
    /// order (reason NULL, email, segment, lead JSON), then one count per reason and one for the eligible.
    /// </summary>
    private static string Sql(string schema, PushSource source, PushSettings push)
    {
        var segment = new StringBuilder("CASE");
        for (var i = 0; i < push.Segments.Count; i++)
        {
            segment.Append($" WHEN ({push.Segments[i].Where ?? "true"}) THEN {i}");
        }

        segment.Append(" END");
        var order = source.Ordered ? "position" : "email, position";
        return $"""
            WITH numbered AS (
                SELECT row_number() OVER () AS position, to_jsonb(pool) AS fields, {segment} AS segment
                  FROM {source.Quoted} AS pool
            ), candidates AS (
                SELECT position, fields, segment, instantly_sync.normalize_email(fields->>'email') AS email FROM numbered
            ), in_campaigns AS (
                SELECT unnest($3::text[]) AS email
                UNION
                SELECT instantly_sync.normalize_email(r.email) FROM instantly_leads_raw r
                 WHERE r.workspace_id = $1 AND r.instantly_campaign_id = ANY ($2)
                UNION
                SELECT o.email FROM {schema}.push_leads o
                 WHERE o.workspace_id = $1 AND o.campaign_id = ANY ($2) AND o.state IN ('pending', 'active')
            ), judged AS (
                SELECT c.*, CASE
                    WHEN c.email IS NULL OR c.email !~ '^[^@\s]+@[^@\s]+\.[^@\s.]+$' THEN '{InvalidEmail}'
                    WHEN c.segment IS NULL THEN '{NoSegment}'
                    WHEN EXISTS (SELECT 1 FROM {schema}.dnc d WHERE d.workspace_id = $1 AND d.kind = 'email' AND d.value = c.email) THEN '{DncEmail}'
                    WHEN EXISTS (SELECT 1 FROM {schema}.dnc d WHERE d.workspace_id = $1 AND d.kind = 'domain' AND d.value = split_part(c.email, '@', 2)) THEN '{DncDomain}'
                    WHEN EXISTS (SELECT 1 FROM {schema}.push_history h
                                  WHERE h.workspace_id = $1 AND h.email = c.email AND h.drained_at > now() - make_interval(days => $4)) THEN '{Cooldown}'
                    WHEN c.email IN (SELECT email FROM in_campaigns WHERE email IS NOT NULL) THEN '{InCampaign}'
                    WHEN EXISTS (SELECT 1 FROM {schema}.push_leads o
                                  WHERE o.workspace_id = $1 AND o.email = c.email AND o.campaign_id = ANY ($2) AND o.state = 'rejected') THEN '{Rejected}'
                    END AS excluded
                  FROM candidates c
            ), ranked AS (
                SELECT j.*, CASE WHEN j.excluded IS NULL AND row_number() OVER (PARTITION BY j.excluded IS NULL, j.email ORDER BY j.position) > 1
                                 THEN '{Duplicate}' ELSE j.excluded END AS reason
                  FROM judged j
            )
            (SELECT NULL::text AS reason, email, segment,
                    (jsonb_build_object('email', email)
                     || jsonb_strip_nulls(jsonb_build_object(
                            'first_name', fields->>'first_name', 'last_name', fields->>'last_name', 'company_name', fields->>'company_name',
                            'website', fields->>'website', 'phone', fields->>'phone', 'job_title', fields->>'job_title',
                            'personalization', fields->>'personalization'))
                     || jsonb_build_object('custom_variables', (
                            SELECT coalesce(jsonb_object_agg(key, CASE WHEN jsonb_typeof(value) IN ('object', 'array') THEN to_jsonb(value::text) ELSE value END), '{"{}"}'::jsonb)
                              FROM jsonb_each(fields) WHERE key <> 'email' AND key <> ALL ($5) AND jsonb_typeof(value) <> 'null')))::text AS lead,
                    NULL::int AS n
               FROM ranked WHERE reason IS NULL ORDER BY {order} LIMIT $6)
            UNION ALL
            SELECT coalesce(reason, '{EligibleCount}'), NULL, NULL, NULL, count(*)::int FROM ranked GROUP BY reason
            """;
    }
}
