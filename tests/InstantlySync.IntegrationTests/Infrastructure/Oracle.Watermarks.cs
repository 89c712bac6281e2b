using System.Globalization;
using System.Text.Json;
using Dapper;
using InstantlySync.FakeApi;
using Npgsql;

namespace InstantlySync.IntegrationTests.Infrastructure;

/// <summary>
/// "No watermark ahead of its data" (README, "Choices where the contract is silent"): a watermark commits with the rows it covers
/// and never passes the start of the run that set it. Meant to hold at every moment, including
/// right after a process was killed, so the next run never skips what was not yet written.
/// </summary>
public static partial class Oracle
{
    /// <param name="analyticsLookbackDays">Sync:AnalyticsLookbackDays of the runs: how far before its watermark the next run re-reads daily analytics.</param>
    public static async Task<IReadOnlyList<string>> WatermarkDifferencesAsync(FakeInstantly fake, NpgsqlDataSource database, int analyticsLookbackDays = 7)
    {
        var differences = new List<string>();
        await using var connection = await database.OpenConnectionAsync();
        var states = (await connection.QueryAsync<(string Entity, DateTime? Watermark, Guid? BatchId, DateTime? BatchStarted)>(
            """
            SELECT s.entity, s.watermark, s.last_batch_id, b.started_at
              FROM sync_state s LEFT JOIN sync_batches b ON b.id = s.last_batch_id
            """)).ToList();

        foreach (var (entity, watermark, batchId, batchStarted) in states)
        {
            if (watermark is null)
            {
                continue;
            }

            if (batchStarted is null)
            {
                differences.Add($"{entity}: watermark {watermark:O} names batch {batchId}, which sync_batches does not hold");
            }
            else if (watermark > batchStarted)
            {
                differences.Add($"{entity}: watermark {watermark:O} is past the start {batchStarted:O} of the run that set it");
            }
        }

        var byEntity = states.ToDictionary(s => s.Entity, s => s.Watermark);
        if (byEntity.TryGetValue("emails", out var emailsMark) && emailsMark is { } emails)
        {
            await CheckEmailsAsync(fake, connection, DateTime.SpecifyKind(emails, DateTimeKind.Utc), differences);
        }

        if (byEntity.TryGetValue("daily_analytics", out var dailyMark) && dailyMark is { } daily)
        {
            await CheckDailyAsync(fake, connection, DateOnly.FromDateTime(daily).AddDays(-analyticsLookbackDays - 1), differences);
        }

        return differences;
    }

    /// <summary>The watermark is at most the newest stored email, and every email created before it is stored.</summary>
    private static async Task CheckEmailsAsync(FakeInstantly fake, NpgsqlConnection connection, DateTime watermark, List<string> differences)
    {
        var newest = await connection.ExecuteScalarAsync<DateTime?>("SELECT max(timestamp_created) FROM instantly_emails_raw");
        if (newest is null || watermark > newest)
        {
            differences.Add($"emails: watermark {watermark:O} is past the newest stored email ({newest?.ToString("O") ?? "none"})");
        }

        var stored = (await connection.QueryAsync<string>("SELECT instantly_email_id FROM instantly_emails_raw")).ToHashSet(StringComparer.Ordinal);
        var before = fake.Workspace.Emails()
            .Where(e => Created(e.Value) < watermark)
            .Select(e => e.Key)
            .ToList();
        var missing = before.Where(id => !stored.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            differences.Add($"emails: {missing.Count} of the {before.Count} emails created before the watermark {watermark:O} are not stored, e.g. {missing[0]}");
        }
    }

    /// <summary>
    /// Every day before the next run's window (watermark − lookback), which no run re-reads unless
    /// rolled back, is stored for the workspace and each campaign.
    /// </summary>
    private static async Task CheckDailyAsync(FakeInstantly fake, NpgsqlConnection connection, DateOnly lastSettledDay, List<string> differences)
    {
        var workspace = fake.Workspace;
        var today = DateOnly.FromDateTime(workspace.Now.UtcDateTime);
        var to = lastSettledDay < today ? lastSettledDay : today;
        var from = DateOnly.FromDateTime(workspace.EarliestCampaignCreated.UtcDateTime);
        var stored = (await connection.QueryAsync<string>(
            "SELECT to_char(analytics_date, 'YYYY-MM-DD') || '|' || coalesce(instantly_campaign_id, '') FROM instantly_daily_analytics_raw"))
            .ToHashSet(StringComparer.Ordinal);
        var missing = 0;
        foreach (var campaignId in workspace.Campaigns().Keys.Append(null))
        {
            missing += workspace.DailyAnalytics(campaignId, from, to).Keys.Count(date => !stored.Contains($"{date}|{campaignId}"));
        }

        if (missing > 0)
        {
            differences.Add($"daily_analytics: the watermark settles every day up to {lastSettledDay:yyyy-MM-dd}, but {missing} day rows up to {to:yyyy-MM-dd} are not stored");
        }
    }

    private static DateTime Created(string emailJson)
    {
        using var document = JsonDocument.Parse(emailJson);
        return DateTimeOffset.Parse(document.RootElement.GetProperty("timestamp_created").GetString()!, CultureInfo.InvariantCulture).UtcDateTime;
    }
}
