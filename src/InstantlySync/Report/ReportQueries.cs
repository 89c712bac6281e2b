using Dapper;
using Npgsql;

namespace InstantlySync.Report;

/// <summary>
/// Reads one workspace's report from the modeled layer (README, "The campaign report"). Window figures
/// come from <c>campaign_daily</c>, lifetime figures from <c>campaigns</c>, steps from
/// <c>step_performance</c> and leads by status from <c>campaign_leads</c>. Sums are done here in SQL
/// and rates in <see cref="ReplyRate"/>, so every rendering shows the same numbers.
/// </summary>
internal sealed class ReportQueries(NpgsqlDataSource dataSource, string schema)
{
    // A campaign with analytics in the window but no campaigns row (deleted in Instantly since) is
    // still listed, as "unknown": otherwise the totals would not add up to the days they were drawn from.
    private string CampaignsSql => $"""
        WITH window_sums AS (
            SELECT campaign_id,
                   coalesce(sum(sent), 0)          AS sent,
                   coalesce(sum(unique_opened), 0) AS unique_opened,
                   coalesce(sum(replies), 0)       AS replies
              FROM {schema}.campaign_daily
             WHERE workspace_id = @workspaceId AND date BETWEEN @from::date AND @to::date
             GROUP BY campaign_id)
        SELECT coalesce(c.campaign_id, w.campaign_id) AS CampaignId,
               c.name                                 AS Name,
               coalesce(c.status, 'unknown')          AS Status,
               c.leads_count::bigint                  AS Leads,
               coalesce(w.sent, 0)::bigint            AS Sent,
               coalesce(w.unique_opened, 0)::bigint   AS UniqueOpened,
               coalesce(w.replies, 0)::bigint         AS Replies,
               c.bounced_count::bigint                AS Bounced,
               c.unsubscribed_count::bigint           AS Unsubscribed
          FROM (SELECT * FROM {schema}.campaigns WHERE workspace_id = @workspaceId) c
          FULL JOIN window_sums w ON w.campaign_id = c.campaign_id
         ORDER BY lower(c.name) NULLS LAST, c.name, 1
        """;

    private string StepsSql => $"""
        SELECT campaign_id AS CampaignId, step AS Step, variant AS Variant,
               coalesce(sum(sent), 0)::bigint AS Sent, coalesce(sum(replies), 0)::bigint AS Replies
          FROM {schema}.step_performance
         WHERE workspace_id = @workspaceId
         GROUP BY campaign_id, step, variant
        """;

    private string DailySql => $"""
        SELECT date AS Date, coalesce(sum(sent), 0)::bigint AS Sent, coalesce(sum(replies), 0)::bigint AS Replies
          FROM {schema}.campaign_daily
         WHERE workspace_id = @workspaceId AND date BETWEEN @from::date AND @to::date
         GROUP BY date
         ORDER BY date
        """;

    private string LeadsByStatusSql => $"""
        SELECT status AS Status, count(*) AS Leads
          FROM {schema}.campaign_leads
         WHERE workspace_id = @workspaceId
         GROUP BY status
        """;

    public async Task<WorkspaceReport> ReadAsync(string name, string workspaceId, ReportWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every figure, so a transform committing mid-report cannot make them disagree.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var parameters = new
        {
            workspaceId,
            from = window.From.ToDateTime(TimeOnly.MinValue),
            to = window.To.ToDateTime(TimeOnly.MinValue),
        };

        var campaigns = (await connection.QueryAsync<CampaignRow>(new CommandDefinition(CampaignsSql, parameters, transaction, cancellationToken: cancellationToken)))
            .Select(c => new CampaignFigures(c.CampaignId, c.Name, c.Status, c.Leads, c.Sent, c.UniqueOpened, c.Replies,
                ReplyRate.Of(c.Replies, c.Sent), c.Bounced, c.Unsubscribed))
            .ToList();
        var steps = (await connection.QueryAsync<StepRow>(new CommandDefinition(StepsSql, parameters, transaction, cancellationToken: cancellationToken)))
            .Select(s => new StepFigures(s.CampaignId, s.Step, s.Variant, s.Sent, s.Replies, ReplyRate.Of(s.Replies, s.Sent)))
            .OrderBy(s => s.CampaignId, StringComparer.Ordinal)
            .ThenBy(s => s.Step, StepKeyComparer.Instance)
            .ThenBy(s => s.Variant, StepKeyComparer.Instance)
            .ToList();
        var daily = (await connection.QueryAsync<DailyRow>(new CommandDefinition(DailySql, parameters, transaction, cancellationToken: cancellationToken)))
            .Select(d => new DailyFigures(d.Date, d.Sent, d.Replies))
            .ToList();
        var statuses = (await connection.QueryAsync<(string? Status, long Leads)>(new CommandDefinition(LeadsByStatusSql, parameters, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Status ?? "", s => s.Leads);
        await transaction.CommitAsync(cancellationToken);

        var leadsByStatus = new LeadsByStatus(
            statuses.GetValueOrDefault("replied"), statuses.GetValueOrDefault("bounced"),
            statuses.GetValueOrDefault("emailed"), statuses.GetValueOrDefault("not_yet_emailed"));
        return new WorkspaceReport(name, workspaceId, campaigns, steps, daily, leadsByStatus, Total(campaigns));
    }

    private static ReportTotals Total(IReadOnlyList<CampaignFigures> campaigns)
    {
        var sent = campaigns.Sum(c => c.Sent);
        var replies = campaigns.Sum(c => c.Replies);
        return new ReportTotals(sent, campaigns.Sum(c => c.UniqueOpened), replies, ReplyRate.Of(replies, sent),
            campaigns.Sum(c => c.Bounced ?? 0), campaigns.Sum(c => c.Unsubscribed ?? 0));
    }

    private sealed record CampaignRow(string CampaignId, string? Name, string Status, long? Leads, long Sent, long UniqueOpened, long Replies, long? Bounced, long? Unsubscribed);

    private sealed record StepRow(string CampaignId, string? Step, string? Variant, long Sent, long Replies);

    private sealed record DailyRow(DateOnly Date, long Sent, long Replies);
}
