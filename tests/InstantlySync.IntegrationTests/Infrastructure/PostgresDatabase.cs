using InstantlySync.Configuration;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database for one test class, created by the production migration runner
/// and dropped afterwards. The server comes from INSTANTLY_TEST_DATABASE_URL (scripts/test.sh
/// sets it) or the local server of scripts/postgres.sh. A missing server fails the tests.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string ServerVariable = "INSTANTLY_TEST_DATABASE_URL";
    private const string LocalServer = "postgres://postgres:instantly-local@127.0.0.1:54329/postgres";

    private readonly string _serverConnectionString;

    public PostgresDatabase()
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

        _serverConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        Name = $"isync_test_{Guid.NewGuid():N}"[..28];
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = Name }.ConnectionString;
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        Url = $"postgres://{Uri.EscapeDataString(builder.Username ?? "postgres")}:{Uri.EscapeDataString(builder.Password ?? "")}@{builder.Host}:{builder.Port}/{Name}";
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The same database as a postgres:// URL, the form users put in DATABASE_URL.</summary>
    public string Url { get; }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static string MigrationsDirectory => Path.Combine(AppContext.BaseDirectory, "migrations");

    public async Task InitializeAsync()
    {
        await CreateEmptyAsync();
        var runner = new MigrationRunner(DataSource, MigrationsDirectory, Serilog.Core.Logger.None);
        await runner.ApplyAsync(CancellationToken.None);
    }

    /// <summary>A connection to the server's maintenance database, for what lives outside any one database (roles).</summary>
    public static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var connection = new NpgsqlConnection(new PostgresDatabase()._serverConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Creates the database without running migrations (for tests of the runner itself).</summary>
    public async Task CreateEmptyAsync()
    {
        try
        {
            await using var server = new NpgsqlConnection(_serverConnectionString);
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is needed for these tests and is not reachable ({ex.Message}). Run scripts/postgres.sh start or set {ServerVariable}.", ex);
        }

        DataSource = Database.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_serverConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
