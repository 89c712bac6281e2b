using System.Text.Json.Nodes;
using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Import;

/// <summary>
/// A fresh migrated database per test, a scratch directory for snapshot files and logs, and the
/// real CLI entry point running <c>import</c> against both.
/// </summary>
public sealed class ImportRun : IAsyncLifetime
{
    public static readonly string[] RawTables =
    [
        "instantly_campaigns_raw", "instantly_accounts_raw", "instantly_daily_analytics_raw",
        "instantly_steps_raw", "instantly_emails_raw", "instantly_leads_raw",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("isync-import-").FullName;

    public PostgresDatabase Database { get; } = new();

    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "snapshot.json");

    /// <summary>The sample snapshot, parsed, for a test to reshape or break.</summary>
    public static JsonObject Sample() => JsonNode.Parse(File.ReadAllText(SamplePath))!.AsObject();

    public Task InitializeAsync() => Database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public Dictionary<string, string?> Environment() => new() { ["DATABASE_URL"] = Database.Url };

    public Task<CliResult> ImportAsync(string path, params string[] extra)
        => CliRun.RunAsync(Environment(), ["import", path, .. extra], _directory);

    public Task<CliResult> ImportAsync(JsonNode snapshot) => ImportAsync(Write(snapshot.ToJsonString()));

    /// <summary>Writes <paramref name="text"/> as a file in the scratch directory and returns its path.</summary>
    public string Write(string text, string name = "snapshot.json")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in RawTables.Append("sync_batches").Append("sync_dead_letters").Append("sync_state"))
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        }

        return counts;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
