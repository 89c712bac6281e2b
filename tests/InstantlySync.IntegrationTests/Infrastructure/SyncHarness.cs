using System.Diagnostics;
using System.Text.Json;
using Dapper;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.Infrastructure;

/// <summary>
/// The clock of the fake workspace, so "today" means the same to the CLI and the fake. It keeps
/// ticking in real time between the fake's jumps, so runs started one after another are ordered.
/// </summary>
public sealed class FakeClock(FakeInstantly fake) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => fake.Now + Stopwatch.GetElapsedTime(_started);
}

/// <summary>A fake Instantly API and a migrated database, and the real CLI run against both.</summary>
public sealed class SyncHarness : IAsyncDisposable
{
    private SyncHarness(FakeInstantly fake, PostgresDatabase database, string logDirectory)
    {
        Fake = fake;
        Clock = new FakeClock(fake);
        Database = database;
        LogDirectory = logDirectory;
    }

    public FakeInstantly Fake { get; }
    public FakeClock Clock { get; }
    public PostgresDatabase Database { get; }
    public string LogDirectory { get; }
    public Dictionary<string, string?> ExtraEnvironment { get; } = [];

    public static async Task<SyncHarness> StartAsync(PostgresDatabase database, FakeOptions? options = null)
    {
        var fake = await FakeInstantly.StartAsync(options ?? new FakeOptions
        {
            Seed = 11,
            Campaigns = 4,
            Accounts = 6,
            Leads = 600,
            Emails = 450,
            Days = 30,
            // GET /emails is limited to 20/min like the real API unless a test asks otherwise;
            // these tests are about data, so both sides allow more.
            EmailsRequestsPerMinute = 600,
        });
        var logs = Directory.CreateTempSubdirectory("isync-logs-").FullName;
        return new SyncHarness(fake, database, logs);
    }

    public Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["INSTANTLY_API_KEY"] = Fake.ApiKey,
            ["DATABASE_URL"] = Database.Url,
            ["INSTANTLY_SYNC__Instantly__BaseUrl"] = Fake.BaseUrl,
            ["INSTANTLY_SYNC__Logging__Directory"] = LogDirectory,
            // Small pages make even a small workspace page through many cursors.
            ["INSTANTLY_SYNC__Instantly__PageSize"] = "50",
            ["INSTANTLY_SYNC__Instantly__EmailsRequestsPerMinute"] = Fake.Options.EmailsRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in ExtraEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    public Task<CliResult> SyncAsync(params string[] args) => RunAsync(["sync", .. args]);

    public Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken = default)
        => CliRun.RunAsync(Environment(), args, time: Clock, cancellationToken: cancellationToken);

    public DateOnly Today => DateOnly.FromDateTime(Fake.Now.UtcDateTime);

    public DateOnly LifetimeStart => DateOnly.FromDateTime(Fake.Workspace.EarliestCampaignCreated.UtcDateTime);

    public Task<IReadOnlyList<string>> DifferencesAsync(IReadOnlyCollection<string>? entities = null)
        => Oracle.DifferencesAsync(Fake, Database.DataSource, LifetimeStart, Today, entities);

    /// <summary>The per-entity counts the last run stored in sync_batches.</summary>
    public async Task<(string Status, JsonElement Counts)> LastBatchAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var (status, counts) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT status, counts::text FROM sync_batches ORDER BY started_at DESC LIMIT 1");
        return (status, JsonDocument.Parse(counts).RootElement.Clone());
    }

    public async Task<Dictionary<string, DateTime?>> WatermarksAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, DateTime?)>("SELECT entity, watermark FROM sync_state"))
            .ToDictionary(r => r.Item1, r => r.Item2);
    }

    /// <summary>A fingerprint of every table's full contents, for "nothing was written" checks.</summary>
    public async Task<string> FingerprintAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        var parts = new List<string>();
        foreach (var table in tables)
        {
            parts.Add(table + ":" + await connection.ExecuteScalarAsync<string>(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"));
        }

        return string.Join("\n", parts);
    }

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        try
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
