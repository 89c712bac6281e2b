using InstantlySync.Configuration;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.Benchmarks;

/// <summary>
/// A fresh database for one measurement, migrated by the production migration runner and dropped
/// afterwards. The server comes from INSTANTLY_BENCH_DATABASE_URL, else the local server of
/// scripts/postgres.sh.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string ServerVariable = "INSTANTLY_BENCH_DATABASE_URL";
    private const string LocalServer = "postgres://postgres:instantly-local@127.0.0.1:54329/postgres";

    private readonly string _serverConnectionString;

    private BenchDatabase(string connectionString, string name)
    {
        _serverConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        Url = $"postgres://{Uri.EscapeDataString(builder.Username ?? "postgres")}:{Uri.EscapeDataString(builder.Password ?? "")}@{builder.Host}:{builder.Port}/{name}";
        DataSource = Database.Create(ConnectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The database as a postgres:// URL, for the CLI's DATABASE_URL.</summary>
    public string Url { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchDatabase> CreateAsync(string purpose, CancellationToken cancellationToken)
    {
        var url = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            url = LocalServer;
        }

        if (!DatabaseUrl.TryParse(url, out var connectionString, out var error))
        {
            throw new InvalidOperationException($"{ServerVariable}: {error}");
        }

        var database = new BenchDatabase(connectionString, $"isync_bench_{purpose}_{Guid.NewGuid():N}"[..30]);
        await using (var server = new NpgsqlConnection(database._serverConnectionString))
        {
            await server.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", server);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var runner = new MigrationRunner(database.DataSource, Repository.Migrations, Serilog.Core.Logger.None);
        await runner.ApplyAsync(cancellationToken);
        return database;
    }

    /// <summary>The server's version string, for the report.</summary>
    public async Task<string> ServerVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_serverConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
