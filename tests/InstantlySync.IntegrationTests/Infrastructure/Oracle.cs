using System.Text.Json.Nodes;
using Dapper;
using InstantlySync.FakeApi;
using Npgsql;

namespace InstantlySync.IntegrationTests.Infrastructure;

/// <summary>What the oracle found: readable differences and, per kind, how many records.</summary>
public sealed record OracleResult(IReadOnlyList<string> Differences, int Missing, int Duplicates, int Extra, int Mismatched)
{
    public bool Equal => Differences.Count == 0;
}

/// <summary>
/// Compares every raw table with what the fake API holds: the same keys, no duplicates, and each
/// stored raw_json containing every top-level field the API serves with the same value. Returns
/// the differences as readable lines, so a failing assertion says what is wrong.
/// </summary>
public static partial class Oracle
{
    public static async Task<IReadOnlyList<string>> DifferencesAsync(
        FakeInstantly fake, NpgsqlDataSource database, DateOnly dailyFrom, DateOnly dailyTo, IReadOnlyCollection<string>? entities = null)
        => (await CheckAsync(fake, database, dailyFrom, dailyTo, entities)).Differences;

    /// <summary>As <see cref="DifferencesAsync"/>, with the number of missing, duplicate, extra and differing records.</summary>
    public static Task<OracleResult> CheckAsync(
        FakeInstantly fake, NpgsqlDataSource database, DateOnly dailyFrom, DateOnly dailyTo, IReadOnlyCollection<string>? entities = null)
        => CheckAsync(fake.Workspace, database, dailyFrom, dailyTo, entities);

    /// <summary>One workspace of the fake against the rows stored under its workspace id.</summary>
    public static async Task<OracleResult> CheckAsync(
        FakeWorkspace workspace, NpgsqlDataSource database, DateOnly dailyFrom, DateOnly dailyTo, IReadOnlyCollection<string>? entities = null)
    {
        var differences = new Tally();
        var today = DateOnly.FromDateTime(workspace.Now.UtcDateTime);
        var lifetimeStart = DateOnly.FromDateTime(workspace.EarliestCampaignCreated.UtcDateTime);
        bool Wanted(string entity) => entities is null || entities.Contains(entity);

        await using var connection = await database.OpenConnectionAsync();

        if (Wanted("campaigns"))
        {
            var expected = workspace.Campaigns().ToDictionary(
                c => c.Key,
                c => Merge(c.Value, workspace.CampaignAnalytics(c.Key, lifetimeStart, today)));
            Compare("campaigns", expected, await LoadAsync(connection, workspace.WorkspaceId, "instantly_campaign_id", "instantly_campaigns_raw"), differences);
        }

        if (Wanted("accounts"))
        {
            Compare("accounts", workspace.Accounts(), await LoadAsync(connection, workspace.WorkspaceId, "email", "instantly_accounts_raw"), differences);
        }

        if (Wanted("leads"))
        {
            Compare("leads", workspace.Leads(), await LoadAsync(connection, workspace.WorkspaceId, "instantly_lead_id", "instantly_leads_raw"), differences);
        }

        if (Wanted("emails"))
        {
            Compare("emails", workspace.Emails(), await LoadAsync(connection, workspace.WorkspaceId, "instantly_email_id", "instantly_emails_raw"), differences);
        }

        if (Wanted("daily_analytics"))
        {
            var expected = new Dictionary<string, string>();
            foreach (var campaignId in workspace.Campaigns().Keys.Append(null))
            {
                foreach (var (date, json) in workspace.DailyAnalytics(campaignId, dailyFrom, dailyTo))
                {
                    expected[$"{date}|{campaignId}"] = json;
                }
            }

            var stored = await LoadAsync(connection, workspace.WorkspaceId, "to_char(analytics_date, 'YYYY-MM-DD') || '|' || coalesce(instantly_campaign_id, '')",
                "instantly_daily_analytics_raw", $"analytics_date BETWEEN '{dailyFrom:yyyy-MM-dd}' AND '{dailyTo:yyyy-MM-dd}'");
            Compare("daily_analytics", expected, stored, differences);
        }

        if (Wanted("steps"))
        {
            var expected = new Dictionary<string, string>();
            foreach (var (campaignId, campaignJson) in workspace.Campaigns())
            {
                var created = DateOnly.FromDateTime(DateTimeOffset.Parse(JsonNode.Parse(campaignJson)!["timestamp_created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
                foreach (var ((step, variant), json) in workspace.StepAnalytics(campaignId, created, today))
                {
                    expected[$"{campaignId}|{step}|{variant}"] = json;
                }
            }

            var stored = await LoadAsync(connection, workspace.WorkspaceId, "instantly_campaign_id || '|' || coalesce(step, '') || '|' || coalesce(variant, '')", "instantly_steps_raw");
            Compare("steps", expected, stored, differences);
        }

        return new OracleResult(differences, differences.Missing, differences.Duplicates, differences.Extra, differences.Mismatched);
    }

    /// <summary>Difference lines plus counts by kind.</summary>
    private sealed class Tally : List<string>
    {
        public int Missing { get; set; }
        public int Duplicates { get; set; }
        public int Extra { get; set; }
        public int Mismatched { get; set; }
    }

    private static string Merge(string campaign, string? analytics)
    {
        if (analytics is null)
        {
            return campaign;
        }

        var merged = JsonNode.Parse(campaign)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(analytics)!.AsObject())
        {
            if (!merged.ContainsKey(key))
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged.ToJsonString();
    }

    private static async Task<List<(string Key, string Json)>> LoadAsync(NpgsqlConnection connection, string workspaceId, string keyExpression, string table, string? where = null)
        => (await connection.QueryAsync<(string, string)>(
            $"SELECT {keyExpression}, raw_json::text FROM {table} WHERE workspace_id = @workspaceId{(where is null ? "" : " AND " + where)}", new { workspaceId })).ToList();

    private static void Compare(string entity, IReadOnlyDictionary<string, string> expected, List<(string Key, string Json)> stored, Tally differences)
    {
        var duplicates = stored.GroupBy(s => s.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        differences.Duplicates += duplicates.Count;
        foreach (var key in duplicates.Take(5))
        {
            differences.Add($"{entity}: duplicate key {key}");
        }

        var byKey = stored.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.First().Json);
        var missing = expected.Keys.Where(k => !byKey.ContainsKey(k)).ToList();
        var extra = byKey.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        differences.Missing += missing.Count;
        differences.Extra += extra.Count;
        if (missing.Count > 0)
        {
            differences.Add($"{entity}: {missing.Count} of {expected.Count} records missing, e.g. {string.Join(", ", missing.Take(3))}");
        }

        if (extra.Count > 0)
        {
            differences.Add($"{entity}: {extra.Count} rows the API does not have, e.g. {string.Join(", ", extra.Take(3))}");
        }

        var mismatched = 0;
        foreach (var (key, json) in expected)
        {
            if (!byKey.TryGetValue(key, out var storedJson))
            {
                continue;
            }

            var api = JsonNode.Parse(json)!.AsObject();
            var row = JsonNode.Parse(storedJson)!.AsObject();
            foreach (var (field, value) in api)
            {
                if (!row.TryGetPropertyValue(field, out var storedValue) || !JsonNode.DeepEquals(value, storedValue))
                {
                    if (mismatched++ < 5)
                    {
                        differences.Add($"{entity} {key}: field '{field}' is {storedValue?.ToJsonString() ?? "absent"} in the database, {value?.ToJsonString() ?? "null"} in the API");
                    }

                    break;
                }
            }
        }

        differences.Mismatched += mismatched;
        if (mismatched > 5)
        {
            differences.Add($"{entity}: {mismatched} records differ in all");
        }
    }
}
