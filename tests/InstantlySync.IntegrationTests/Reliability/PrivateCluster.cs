using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// A throwaway PostgreSQL cluster of one test class, on its own port and data directory, so a
/// test can stop it hard and start it again without touching the shared server others use.
/// Runs as the postgres user when the tests run as root (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PrivateCluster : IAsyncLifetime
{
    private const string DatabaseName = "isync";
    private readonly string _root = Directory.CreateTempSubdirectory("isync-pg-").FullName;
    private readonly string _bin = FindBinaries();

    public int Port { get; } = FreePort();

    public string Url => $"postgres://postgres@127.0.0.1:{Port}/{DatabaseName}";

    /// <summary>Unpooled, so no connection broken by a restart is ever handed out again.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    private string DataDirectory => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        await RunAsync("chown", "-R", "postgres:postgres", _root);
        await PgAsync("initdb", "-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await StartAsync();
        await using (var server = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false"))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", server);
            await create.ExecuteNonQueryAsync();
        }

        DataSource = Database.Create($"Host=127.0.0.1;Port={Port};Username=postgres;Database={DatabaseName};Pooling=false");
        await new MigrationRunner(DataSource, Infrastructure.PostgresDatabase.MigrationsDirectory, Serilog.Core.Logger.None).ApplyAsync(CancellationToken.None);
    }

    public Task StartAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_root}", "start");

    /// <summary><c>pg_ctl stop -m immediate</c>: every server process quits at once, as in a crash; recovery runs on the next start.</summary>
    public Task StopImmediatelyAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        try
        {
            await PgAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_root, recursive: true);
    }

    private Task PgAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        if (file == "chown" && Environment.UserName != "root")
        {
            return;
        }

        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions
            .Select(v => Path.Combine(v, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries (pg_ctl, initdb) were not found under /usr/lib/postgresql; install the postgresql package.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
