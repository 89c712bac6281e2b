using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using Npgsql;

namespace InstantlySync.IntegrationTests.Logging;

/// <summary>The API key and the database password never reach the console, a log file or a table.</summary>
public sealed class SecretHygieneTests : IAsyncLifetime
{
    private const string ApiKey = "sk-Hyg13ne-ApiKey-7Q2";
    private const string Password = "Pg-Hyg13ne-P@ss:w0rd/9";
    private readonly PostgresDatabase _database = new();
    private readonly string _role = $"isync_role_{Guid.NewGuid():N}"[..24];
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            // Not the tables' owner, so it needs BYPASSRLS to see through row level security (README, "Isolation").
            await connection.ExecuteAsync($"CREATE ROLE {_role} LOGIN BYPASSRLS PASSWORD '{Password.Replace("'", "''", StringComparison.Ordinal)}'");
            await connection.ExecuteAsync($"GRANT ALL ON ALL TABLES IN SCHEMA public TO {_role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {_role}; GRANT ALL ON SCHEMA public TO {_role}");
        }

        _harness = await SyncHarness.StartAsync(_database, new InstantlySync.FakeApi.FakeOptions { Seed = 3, Campaigns = 3, Accounts = 4, Leads = 200, Emails = 100, Days = 10, ApiKey = ApiKey, EmailsRequestsPerMinute = 600 });
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        _harness.ExtraEnvironment["DATABASE_URL"] =
            $"postgres://{_role}:{Uri.EscapeDataString(Password)}@{builder.Host}:{builder.Port}/{_database.Name}";
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"DROP OWNED BY {_role}");
        }

        await _database.DisposeAsync();
        await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await server.OpenAsync();
        await server.ExecuteAsync($"DROP ROLE IF EXISTS {_role}");
    }

    [Fact]
    public async Task Neither_secret_appears_in_output_log_files_or_tables_even_when_things_fail()
    {
        var outputs = new List<string>();
        _harness.Fake.UpdateFaults(f => f with { ErrorRate = 0.1, ForbiddenPaths = ["/emails"] });
        outputs.Add((await _harness.SyncAsync("--all", "--verbose")).All);
        _harness.Fake.UpdateFaults(f => f with { ErrorRate = 0, ForbiddenPaths = [], PaymentRequired = true });
        outputs.Add((await _harness.SyncAsync()).All);
        outputs.Add((await _harness.RunAsync(["doctor"])).All);
        outputs.Add((await _harness.RunAsync(["status", "--json"])).All);
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__BaseUrl"] = "http://127.0.0.1:1/api/v2";
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "0";
        outputs.Add((await _harness.SyncAsync("--entities", "accounts")).All);
        _harness.ExtraEnvironment["DATABASE_URL"] = _harness.ExtraEnvironment["DATABASE_URL"]!.Replace("@127.0.0.1", "@127.0.0.1:1x", StringComparison.Ordinal);
        outputs.Add((await _harness.SyncAsync()).All);

        var files = Directory.EnumerateFiles(_harness.LogDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var tables = new List<string>();
        foreach (var table in new[] { "sync_logs", "sync_batches", "sync_dead_letters", "sync_state" })
        {
            tables.Add(string.Join("\n", await connection.QueryAsync<string>($"SELECT t::text FROM {table} t")));
        }

        Assert.Contains(files, f => f.Contains("\"level\":\"WARNING\"", StringComparison.Ordinal));
        Assert.NotEmpty(tables[0]);
        foreach (var text in outputs.Concat(files).Concat(tables))
        {
            Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(Password), text, StringComparison.Ordinal);
        }
    }
}
