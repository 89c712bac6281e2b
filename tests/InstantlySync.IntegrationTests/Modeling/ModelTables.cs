using System.Globalization;
using Npgsql;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>One modeled table or view as the comparison sees it: its name, its columns (the key first) and the oracle's rows.</summary>
public sealed record ModelTable(string Name, int KeyLength, string[] Columns, Func<ModelExpectation, IEnumerable<object?[]>> Expected);

/// <summary>
/// The modeled tables and views of SPEC §12, declared once: what the oracle expects in each, what the
/// database holds, and the differences between the two as lines a failing test can print.
/// </summary>
public static class ModelTables
{
    public const string Schema = "outreach";

    public static IReadOnlyList<ModelTable> All { get; } =
    [
        new("companies", 1, ["domain", "company_name", "lead_count", "first_seen_at", "last_seen_at"],
            e => e.Companies.Select(c => new object?[] { c.Domain, c.CompanyName, c.LeadCount, c.FirstSeenAt, c.LastSeenAt })),
        new("leads", 1,
            ["email", "first_name", "last_name", "company_domain", "company_name", "job_title", "phone", "website", "industry", "company_size",
             "revenue", "city", "country", "status", "campaign_count", "first_added_at", "last_contacted_at", "last_replied_at"],
            e => e.Leads.Select(p => new object?[]
            {
                p.Email, p.FirstName, p.LastName, p.CompanyDomain, p.CompanyName, p.JobTitle, p.Phone, p.Website, p.Industry, p.CompanySize,
                p.Revenue, p.City, p.Country, p.Status, p.CampaignCount, p.FirstAddedAt, p.LastContactedAt, p.LastRepliedAt,
            })),
        new("campaigns", 1,
            ["campaign_id", "name", "status", "created_at", "leads_count", "contacted_count", "emails_sent_count", "reply_count", "bounced_count", "unsubscribed_count", "step_count"],
            e => e.Campaigns.Select(c => new object?[]
            {
                c.CampaignId, c.Name, c.Status, c.CreatedAt, c.LeadsCount, c.ContactedCount, c.EmailsSentCount, c.ReplyCount, c.BouncedCount, c.UnsubscribedCount, c.StepCount,
            })),
        new("campaign_leads", 1,
            ["instantly_lead_id", "campaign_id", "email", "lead_status", "status", "interest", "last_step", "opens", "replies", "clicks", "added_at", "last_contacted_at", "replied_at"],
            e => e.CampaignLeads.Select(l => new object?[]
            {
                l.InstantlyLeadId, l.CampaignId, l.Email, l.LeadStatus, l.Status, l.Interest, l.LastStep, l.Opens, l.Replies, l.Clicks, l.AddedAt, l.LastContactedAt, l.RepliedAt,
            })),
        new("events", 3, ["source", "source_id", "event_type", "event_at", "email", "campaign_id", "step", "subject", "instantly_email_id"],
            e => e.Events.Select(v => new object?[] { v.Source, v.SourceId, v.EventType, v.EventAt, v.Email, v.CampaignId, v.Step, v.Subject, v.InstantlyEmailId })),
        new("campaign_daily", 2, ["campaign_id", "date", "sent", "opened", "unique_opened", "replies", "unique_replies", "clicks", "reply_rate"],
            e => e.CampaignDaily.Select(d => new object?[] { d.CampaignId, d.Date, d.Sent, d.Opened, d.UniqueOpened, d.Replies, d.UniqueReplies, d.Clicks, d.ReplyRate })),
        new("step_performance", 3, ["campaign_id", "step", "variant", "sent", "replies", "reply_rate"],
            e => e.StepPerformance.Select(s => new object?[] { s.CampaignId, s.Step, s.Variant, s.Sent, s.Replies, s.ReplyRate })),
    ];

    /// <summary>
    /// Every difference between the oracle's rows and the database's for one workspace: missing
    /// columns, missing and extra keys, and per column how many rows differ with the first examples.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(NpgsqlDataSource database, ModelExpectation expected, int examples = 3)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(expected);
        var differences = new List<string>();
        await using var connection = await database.OpenConnectionAsync();
        foreach (var table in All)
        {
            var present = await ColumnsAsync(connection, table.Name);
            if (present.Count == 0)
            {
                differences.Add($"{table.Name}: no such table or view in schema {Schema}");
                continue;
            }

            var missing = table.Columns.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                differences.Add($"{table.Name}: columns missing: {string.Join(", ", missing)}");
            }

            var columns = table.Columns.Where(present.Contains).ToArray();
            var indexes = columns.Select(c => Array.IndexOf(table.Columns, c)).ToArray();
            var wanted = table.Expected(expected).Select(row => indexes.Select(i => Canonical(row[i])).ToArray()).ToList();
            var stored = await RowsAsync(connection, table.Name, columns, expected.WorkspaceId);
            Compare(table.Name, columns, Math.Min(table.KeyLength, columns.Length), wanted, stored, differences, examples);
        }

        return differences;
    }

    /// <summary>
    /// Every modeled table and view of one workspace as ordered text rows (all columns but the
    /// transform's own run stamps), for comparing one build of the layer with another.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SnapshotAsync(NpgsqlDataSource database, string workspaceId)
    {
        ArgumentNullException.ThrowIfNull(database);
        var snapshot = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await using var connection = await database.OpenConnectionAsync();
        foreach (var table in All)
        {
            var columns = (await ColumnsAsync(connection, table.Name)).Where(c => c is not ("transform_batch_id" or "transformed_at")).Order(StringComparer.Ordinal).ToArray();
            snapshot[table.Name] = [.. (await RowsAsync(connection, table.Name, columns, workspaceId))
                .Select(row => string.Join(" | ", columns.Zip(row, (c, v) => $"{c}={v}")))
                .Order(StringComparer.Ordinal)];
        }

        return snapshot;
    }

    /// <summary>Lines naming the first rows in which two snapshots differ, per table.</summary>
    public static IReadOnlyList<string> SnapshotDifferences(
        IReadOnlyDictionary<string, IReadOnlyList<string>> left, IReadOnlyDictionary<string, IReadOnlyList<string>> right, string leftName, string rightName, int examples = 3)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var differences = new List<string>();
        foreach (var (table, rows) in left)
        {
            var other = right.TryGetValue(table, out var r) ? r : [];
            var onlyLeft = rows.Except(other, StringComparer.Ordinal).ToList();
            var onlyRight = other.Except(rows, StringComparer.Ordinal).ToList();
            if (onlyLeft.Count == 0 && onlyRight.Count == 0)
            {
                continue;
            }

            differences.Add($"{table}: {rows.Count} rows in {leftName}, {other.Count} in {rightName}; {onlyLeft.Count} only in {leftName}, {onlyRight.Count} only in {rightName}");
            differences.AddRange(onlyLeft.Take(examples).Select(row => $"  only in {leftName}:  {row}"));
            differences.AddRange(onlyRight.Take(examples).Select(row => $"  only in {rightName}: {row}"));
        }

        return differences;
    }

    private static void Compare(string table, string[] columns, int keyLength, List<string[]> wanted, List<string[]> stored, List<string> differences, int examples)
    {
        static string Key(string[] row, int length) => string.Join(" / ", row.Take(length));

        var expectedByKey = Index(table, "the oracle", wanted, keyLength, differences);
        var storedByKey = Index(table, "the database", stored, keyLength, differences);
        var missing = expectedByKey.Keys.Where(k => !storedByKey.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var extra = storedByKey.Keys.Where(k => !expectedByKey.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            differences.Add($"{table}: {missing.Count} of the oracle's {expectedByKey.Count} rows missing, e.g. {string.Join("; ", missing.Take(examples).Select(k => Describe(columns, expectedByKey[k])))}");
        }

        if (extra.Count > 0)
        {
            differences.Add($"{table}: {extra.Count} rows the oracle does not expect, e.g. {string.Join("; ", extra.Take(examples).Select(k => Describe(columns, storedByKey[k])))}");
        }

        var differing = expectedByKey.Keys.Where(storedByKey.ContainsKey).Order(StringComparer.Ordinal)
            .Select(k => (Key: k, Expected: expectedByKey[k], Stored: storedByKey[k]))
            .Where(r => !r.Expected.SequenceEqual(r.Stored, StringComparer.Ordinal))
            .ToList();
        if (differing.Count == 0)
        {
            return;
        }

        differences.Add($"{table}: {differing.Count} of {expectedByKey.Count} rows differ from the oracle");
        for (var c = keyLength; c < columns.Length; c++)
        {
            var column = differing.Where(r => r.Expected[c] != r.Stored[c]).ToList();
            if (column.Count > 0)
            {
                differences.Add($"  {table}.{columns[c]}: {column.Count} rows, e.g. "
                    + string.Join("; ", column.Take(examples).Select(r => $"[{r.Key}] oracle {r.Expected[c]}, database {r.Stored[c]}")));
            }
        }

        foreach (var (key, expectedRow, storedRow) in differing.Take(examples))
        {
            differences.Add($"  row [{key}]: oracle   {Describe(columns, expectedRow)}");
            differences.Add($"  row [{key}]: database {Describe(columns, storedRow)}");
        }

        Dictionary<string, string[]> Index(string name, string side, List<string[]> rows, int length, List<string> lines)
        {
            var groups = rows.GroupBy(r => Key(r, length), StringComparer.Ordinal).ToList();
            var duplicates = groups.Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                lines.Add($"{name}: {duplicates.Count} keys appear more than once in {side}, e.g. {string.Join("; ", duplicates.Take(examples))}");
            }

            return groups.ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }
    }

    private static string Describe(string[] columns, string[] row) => string.Join(", ", columns.Zip(row, (c, v) => $"{c}={v}"));

    private static async Task<HashSet<string>> ColumnsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table", connection);
        command.Parameters.AddWithValue("schema", Schema);
        command.Parameters.AddWithValue("table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task<List<string[]>> RowsAsync(NpgsqlConnection connection, string table, string[] columns, string workspaceId)
    {
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        await using var command = new NpgsqlCommand($"SELECT {list} FROM {Schema}.{table} WHERE workspace_id = @workspaceId", connection);
        command.Parameters.AddWithValue("workspaceId", workspaceId);
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                row[i] = value is DateTime date && reader.GetDataTypeName(i) == "date" ? Canonical(DateOnly.FromDateTime(date)) : Canonical(value);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// One text form per value whatever its CLR type: NULL, numbers without trailing zeros,
    /// timestamps in UTC, dates as YYYY-MM-DD, text quoted (so '0' and 0 stay apart).
    /// </summary>
    public static string Canonical(object? value) => value switch
    {
        null or DBNull => "NULL",
        string text => "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        short or int or long or decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("0.############################", CultureInfo.InvariantCulture),
        double or float => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("0.############################", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "NULL",
    };
}
