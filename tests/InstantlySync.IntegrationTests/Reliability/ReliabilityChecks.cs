using Dapper;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;
using Npgsql;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>Checks and chores the reliability scenarios share.</summary>
public static class ReliabilityChecks
{
    private static readonly (string Entity, string Table)[] RawTables =
    [
        ("campaigns", "instantly_campaigns_raw"),
        ("accounts", "instantly_accounts_raw"),
        ("daily_analytics", "instantly_daily_analytics_raw"),
        ("steps", "instantly_steps_raw"),
        ("emails", "instantly_emails_raw"),
        ("leads", "instantly_leads_raw"),
    ];

    /// <summary>A workspace whose business clock lies two days behind the machine's, so a test can advance it by hours many times.</summary>
    public static FakeOptions Workspace(int seed = 11, FakeFaults? faults = null)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-2);
        return new FakeOptions
        {
            Seed = seed,
            Campaigns = 4,
            Accounts = 6,
            Leads = 200,
            Emails = 160,
            Days = 20,
            EmailsRequestsPerMinute = 6000,
            Now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero),
            Faults = faults ?? new FakeFaults(),
        };
    }

    /// <summary>
    /// Empties every table but the migration journal and the record of the modeled layer's schema,
    /// the modeled tables included: a database as fresh as a new one, in milliseconds.
    /// </summary>
    public static async Task ResetAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            """
            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
             WHERE table_type = 'BASE TABLE'
               AND (table_schema = 'public' OR table_schema = (SELECT schema_name FROM sync_model_layer))
               AND table_name NOT IN ('schema_migrations', 'sync_model_layer')
            """);
        await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", tables)}");
    }

    /// <summary>
    /// On a database that started empty, each entity's rows come in whole batches of
    /// <paramref name="batchSize"/>, except once its last batch has committed (shown by its
    /// watermark, or for emails by every email being there). A remainder means a torn batch.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TornBatchesAsync(NpgsqlDataSource database, FakeInstantly fake, int batchSize)
    {
        var problems = new List<string>();
        await using var connection = await database.OpenConnectionAsync();
        var finished = (await connection.QueryAsync<string>("SELECT entity FROM sync_state WHERE watermark IS NOT NULL")).ToHashSet();
        foreach (var (entity, table) in RawTables)
        {
            var count = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
            var complete = entity == "emails" ? count == fake.Workspace.EmailCount : finished.Contains(entity);
            if (count % batchSize != 0 && !complete)
            {
                problems.Add($"{entity}: {count} rows stored, not a whole number of {batchSize}-row batches, and the entity has not finished");
            }
        }

        return problems;
    }

    public static async Task<long> StoredRowsAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            string.Join(" + ", RawTables.Select(t => $"(SELECT count(*) FROM {t.Table})")).Insert(0, "SELECT "));
    }

    /// <summary>The oracle over the harness's whole workspace.</summary>
    public static Task<OracleResult> OracleAsync(SyncHarness harness)
        => Oracle.CheckAsync(harness.Fake, harness.Database.DataSource, harness.LifetimeStart, harness.Today);

    /// <summary>The statuses and errors of every batch, oldest first.</summary>
    public static async Task<List<(Guid Id, string Status, string? Error)>> BatchesAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        return (await connection.QueryAsync<(Guid, string, string?)>("SELECT id, status, error FROM sync_batches ORDER BY started_at")).ToList();
    }
}
