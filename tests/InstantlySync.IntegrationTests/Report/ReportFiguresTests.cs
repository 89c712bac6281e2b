using System.Globalization;
using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using Npgsql;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>
/// SPEC §14: every figure of <c>report --json</c> equals SQL written here over the raw tables (not the
/// modeled views the report reads), for a window that cuts through the synced days, in every workspace.
/// </summary>
public sealed class ReportFiguresTests(ReportAgency fixture) : IClassFixture<ReportAgency>
{
    private const string WorkspaceIds = "SELECT workspace_id FROM instantly_workspaces WHERE name = @name";

    [Fact]
    public async Task Every_figure_of_the_json_document_equals_sql_over_the_raw_tables_for_a_window_that_cuts_through_the_data()
    {
        var (from, to) = CuttingWindow();

        var result = await fixture.ReportAsync("--json", "--from", from, "--to", to);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.Equal(from, root.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal(to, root.GetProperty("window").GetProperty("to").GetString());
        var workspaces = root.GetProperty("workspaces").EnumerateArray().ToList();
        Assert.Equal(["acme", "globex", "initech"], workspaces.Select(w => w.GetProperty("name").GetString()));

        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var differences = new List<string>();
        foreach (var workspace in workspaces)
        {
            var name = workspace.GetProperty("name").GetString()!;
            var id = await connection.ExecuteScalarAsync<string>(WorkspaceIds, new { name });
            Assert.Equal(id, workspace.GetProperty("workspace_id").GetString());
            var expected = await ExpectedAsync(connection, id!, DateTime.Parse(from, CultureInfo.InvariantCulture), DateTime.Parse(to, CultureInfo.InvariantCulture));
            Assert.True(expected.Daily.Count is > 0 && expected.Campaigns.Any(c => Convert.ToInt64(c.Value["sent"], CultureInfo.InvariantCulture) > 0), $"{name}: the window holds no analytics to compare");
            differences.AddRange(Compare(name, workspace, expected));
        }

        Assert.True(differences.Count == 0, "The report differs from SQL over the raw tables:\n" + string.Join("\n", differences.Take(40)));
    }

    [Fact]
    public async Task The_window_decides_the_sums_but_not_the_lifetime_figures()
    {
        var (from, to) = CuttingWindow();

        var narrow = await fixture.ReportAsync("--json", "--workspace", "acme", "--from", to, "--to", to);
        var wide = await fixture.ReportAsync("--json", "--workspace", "acme", "--from", from, "--to", to);

        Assert.True(narrow.ExitCode == ExitCodes.Success && wide.ExitCode == ExitCodes.Success, narrow.All + wide.All);
        var one = Workspace(narrow.Out);
        var many = Workspace(wide.Out);
        Assert.True(one.GetProperty("totals").GetProperty("sent").GetInt64() < many.GetProperty("totals").GetProperty("sent").GetInt64(),
            "one day of the window sent as much as all of it");
        Assert.Single(one.GetProperty("daily").EnumerateArray());
        Assert.Equal(Lifetime(many), Lifetime(one));
        Assert.Equal(many.GetProperty("steps").ToString(), one.GetProperty("steps").ToString());
        Assert.Equal(many.GetProperty("leads_by_status").ToString(), one.GetProperty("leads_by_status").ToString());

        static string Lifetime(JsonElement w) => string.Join(";", w.GetProperty("campaigns").EnumerateArray()
            .Select(c => $"{c.GetProperty("campaign_id")}:{c.GetProperty("leads")}/{c.GetProperty("bounced")}/{c.GetProperty("unsubscribed")}"));
    }

    /// <summary>Seven days that end three days before the fake's today: cut from both sides of its fifteen.</summary>
    private (string From, string To) CuttingWindow()
    {
        var today = DateOnly.ParseExact(fixture.Agency.Today("acme"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (today.AddDays(-9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static JsonElement Workspace(string json) => JsonDocument.Parse(json).RootElement.GetProperty("workspaces")[0].Clone();

    private sealed record Expected(
        Dictionary<string, Dictionary<string, object?>> Campaigns,
        Dictionary<string, (long Sent, long Replies)> Steps,
        Dictionary<string, (long Sent, long Replies)> Daily,
        Dictionary<string, long> LeadsByStatus);

    private static async Task<Expected> ExpectedAsync(NpgsqlConnection connection, string workspaceId, DateTime from, DateTime to)
    {
        var parameters = new { workspaceId, from, to };
        var campaigns = new Dictionary<string, Dictionary<string, object?>>();
        foreach (var row in await connection.QueryAsync(
            """
            SELECT c.instantly_campaign_id AS campaign_id, c.campaign_name AS name,
                   CASE c.raw_json ->> 'status' WHEN '0' THEN 'draft' WHEN '1' THEN 'active' WHEN '2' THEN 'paused' WHEN '3' THEN 'completed'
                        WHEN '4' THEN 'running_subsequences' WHEN '-1' THEN 'accounts_unhealthy' WHEN '-2' THEN 'bounce_protect'
                        WHEN '-99' THEN 'suspended' ELSE 'unknown' END AS status,
                   (c.raw_json ->> 'leads_count')::bigint AS leads,
                   (c.raw_json ->> 'bounced_count')::bigint AS bounced,
                   (c.raw_json ->> 'unsubscribed_count')::bigint AS unsubscribed,
                   (SELECT coalesce(sum(d.sent), 0) FROM instantly_daily_analytics_raw d
                     WHERE d.workspace_id = c.workspace_id AND d.instantly_campaign_id = c.instantly_campaign_id
                       AND d.analytics_date >= @from::date AND d.analytics_date <= @to::date)::bigint AS sent,
                   (SELECT coalesce(sum(d.unique_opened), 0) FROM instantly_daily_analytics_raw d
                     WHERE d.workspace_id = c.workspace_id AND d.instantly_campaign_id = c.instantly_campaign_id
                       AND d.analytics_date >= @from::date AND d.analytics_date <= @to::date)::bigint AS unique_opened,
                   (SELECT coalesce(sum(d.replies), 0) FROM instantly_daily_analytics_raw d
                     WHERE d.workspace_id = c.workspace_id AND d.instantly_campaign_id = c.instantly_campaign_id
                       AND d.analytics_date >= @from::date AND d.analytics_date <= @to::date)::bigint AS replies
              FROM instantly_campaigns_raw c
             WHERE c.workspace_id = @workspaceId
            """, parameters))
        {
            var fields = (IDictionary<string, object?>)row;
            campaigns[(string)fields["campaign_id"]!] = new Dictionary<string, object?>(fields);
        }

        var steps = (await connection.QueryAsync<(string Campaign, string Step, string Variant, long Sent, long Replies)>(
            """
            SELECT instantly_campaign_id, step, variant, coalesce(sum(sent), 0)::bigint, coalesce(sum(replies), 0)::bigint
              FROM instantly_steps_raw WHERE workspace_id = @workspaceId
             GROUP BY 1, 2, 3
            """, parameters)).ToDictionary(s => $"{s.Campaign}/{s.Step}/{s.Variant}", s => (s.Sent, s.Replies));

        var daily = (await connection.QueryAsync<(DateOnly Date, long Sent, long Replies)>(
            """
            SELECT analytics_date, coalesce(sum(sent), 0)::bigint, coalesce(sum(replies), 0)::bigint
              FROM instantly_daily_analytics_raw
             WHERE workspace_id = @workspaceId AND instantly_campaign_id IS NOT NULL
               AND analytics_date >= @from::date AND analytics_date <= @to::date
             GROUP BY 1
            """, parameters)).ToDictionary(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => (d.Sent, d.Replies));

        // The derived status of SPEC §12, from each lead's JSON: replied > bounced > emailed > not_yet_emailed.
        var byStatus = (await connection.QueryAsync<(string Status, long Leads)>(
            """
            SELECT CASE
                     WHEN (jsonb_typeof(raw_json -> 'email_reply_count') = 'number' AND (raw_json ->> 'email_reply_count')::numeric > 0)
                          OR raw_json ->> 'timestamp_last_reply' IS NOT NULL THEN 'replied'
                     WHEN raw_json ->> 'status' = '-1' THEN 'bounced'
                     WHEN jsonb_typeof(raw_json -> 'status_summary' -> 'lastStep') NOT IN ('null')
                          OR raw_json ->> 'timestamp_last_contact' IS NOT NULL THEN 'emailed'
                     ELSE 'not_yet_emailed' END, count(*)
              FROM instantly_leads_raw WHERE workspace_id = @workspaceId
             GROUP BY 1
            """, parameters)).ToDictionary(s => s.Status, s => s.Leads);

        return new Expected(campaigns, steps, daily, byStatus);
    }

    private static IEnumerable<string> Compare(string name, JsonElement workspace, Expected expected)
    {
        var campaigns = workspace.GetProperty("campaigns").EnumerateArray().ToList();
        if (campaigns.Count != expected.Campaigns.Count)
        {
            yield return $"{name}: {campaigns.Count} campaigns, expected {expected.Campaigns.Count}";
        }

        foreach (var campaign in campaigns)
        {
            var id = campaign.GetProperty("campaign_id").GetString()!;
            if (!expected.Campaigns.TryGetValue(id, out var want))
            {
                yield return $"{name}: campaign {id} is not in the raw table";
                continue;
            }

            foreach (var field in new[] { "name", "status", "leads", "sent", "unique_opened", "replies", "bounced", "unsubscribed" })
            {
                var got = Value(campaign.GetProperty(field));
                var wanted = want[field]?.ToString();
                if (got != wanted)
                {
                    yield return $"{name}: campaign {id} {field} = {got ?? "null"}, expected {wanted ?? "null"}";
                }
            }

            var rate = Rate(Convert.ToInt64(want["replies"], CultureInfo.InvariantCulture), Convert.ToInt64(want["sent"], CultureInfo.InvariantCulture));
            if (Value(campaign.GetProperty("reply_rate")) != rate)
            {
                yield return $"{name}: campaign {id} reply_rate = {campaign.GetProperty("reply_rate")}, expected {rate ?? "null"}";
            }
        }

        var steps = workspace.GetProperty("steps").EnumerateArray().ToList();
        if (steps.Count != expected.Steps.Count)
        {
            yield return $"{name}: {steps.Count} steps, expected {expected.Steps.Count}";
        }

        foreach (var step in steps)
        {
            var key = $"{step.GetProperty("campaign_id").GetString()}/{step.GetProperty("step").GetString()}/{step.GetProperty("variant").GetString()}";
            var got = (step.GetProperty("sent").GetInt64(), step.GetProperty("replies").GetInt64());
            if (!expected.Steps.TryGetValue(key, out var want) || got != want || Value(step.GetProperty("reply_rate")) != Rate(want.Replies, want.Sent))
            {
                yield return $"{name}: step {key} = {got} rate {step.GetProperty("reply_rate")}, expected {want}";
            }
        }

        var daily = workspace.GetProperty("daily").EnumerateArray()
            .ToDictionary(d => d.GetProperty("date").GetString()!, d => (d.GetProperty("sent").GetInt64(), d.GetProperty("replies").GetInt64()));
        foreach (var date in daily.Keys.Union(expected.Daily.Keys).Order(StringComparer.Ordinal))
        {
            if (daily.GetValueOrDefault(date) != expected.Daily.GetValueOrDefault(date) || !daily.ContainsKey(date))
            {
                yield return $"{name}: daily {date} = {daily.GetValueOrDefault(date)}, expected {expected.Daily.GetValueOrDefault(date)}";
            }
        }

        var byStatus = workspace.GetProperty("leads_by_status");
        foreach (var status in new[] { "replied", "bounced", "emailed", "not_yet_emailed" })
        {
            if (byStatus.GetProperty(status).GetInt64() != expected.LeadsByStatus.GetValueOrDefault(status))
            {
                yield return $"{name}: leads_by_status.{status} = {byStatus.GetProperty(status)}, expected {expected.LeadsByStatus.GetValueOrDefault(status)}";
            }
        }

        var totals = workspace.GetProperty("totals");
        long Sum(string field) => expected.Campaigns.Values.Sum(c => Convert.ToInt64(c[field] ?? 0L, CultureInfo.InvariantCulture));
        var sums = new Dictionary<string, long>
        {
            ["sent"] = Sum("sent"), ["unique_opened"] = Sum("unique_opened"), ["replies"] = Sum("replies"),
            ["bounced"] = Sum("bounced"), ["unsubscribed"] = Sum("unsubscribed"),
        };
        foreach (var (field, want) in sums)
        {
            if (totals.GetProperty(field).GetInt64() != want)
            {
                yield return $"{name}: totals.{field} = {totals.GetProperty(field)}, expected {want}";
            }
        }

        if (Value(totals.GetProperty("reply_rate")) != Rate(sums["replies"], sums["sent"]))
        {
            yield return $"{name}: totals.reply_rate = {totals.GetProperty("reply_rate")}, expected {Rate(sums["replies"], sums["sent"])}";
        }
    }

    private static string? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };

    /// <summary>One decimal, half away from zero, written as JSON writes it ("3.0").</summary>
    private static string? Rate(long replies, long sent)
        => sent == 0 ? null : Math.Round(100m * replies / sent, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
}
