using System.Globalization;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Workspaces;

/// <summary>
/// An agency's setup: two client workspaces with keys of their own and one sub-workspace reached
/// through the first one's admin key, served by one fake, configured through the environment the
/// way the README shows, synced into one database.
/// </summary>
public sealed class AgencyHarness : IAsyncDisposable
{
    public const string AcmeKeyVariable = "INSTANTLY_API_KEY_ACME";
    public const string GlobexKeyVariable = "INSTANTLY_API_KEY_GLOBEX";

    private AgencyHarness(FakeInstantly fake, PostgresDatabase database, string logDirectory)
    {
        Fake = fake;
        Database = database;
        LogDirectory = logDirectory;
    }

    public FakeInstantly Fake { get; }
    public PostgresDatabase Database { get; }
    public string LogDirectory { get; }
    public Dictionary<string, string?> ExtraEnvironment { get; } = [];

    /// <summary>acme and globex share a seed, so they hold the same campaign ids, lead emails and analytics dates.</summary>
    public static async Task<AgencyHarness> StartAsync(PostgresDatabase database, int latencyMs = 0)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        FakeOptions Client(string name, int seed) => new()
        {
            Name = name,
            ApiKey = $"{name}-key",
            Seed = seed,
            Campaigns = 3,
            Accounts = 4,
            Leads = 240,
            Emails = 180,
            Days = 15,
            EmailsRequestsPerMinute = 600,
            Now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero),
            Faults = new FakeFaults { LatencyMs = latencyMs },
        };

        var fake = await FakeInstantly.StartAsync([Client("acme", 11), Client("globex", 11), Client("initech", 23) with { SubWorkspaceOf = "acme" }]);
        return new AgencyHarness(fake, database, Directory.CreateTempSubdirectory("isync-agency-logs-").FullName);
    }

    public static IReadOnlyList<string> Names { get; } = ["acme", "globex", "initech"];

    public Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>
        {
            // The admin key: acme's, through which initech is reached.
            ["INSTANTLY_API_KEY"] = Fake.For("acme").ApiKey,
            [AcmeKeyVariable] = Fake.For("acme").ApiKey,
            [GlobexKeyVariable] = Fake.For("globex").ApiKey,
            ["INSTANTLY_SYNC__Workspaces__0__Name"] = "acme",
            ["INSTANTLY_SYNC__Workspaces__0__ApiKeyVariable"] = AcmeKeyVariable,
            ["INSTANTLY_SYNC__Workspaces__1__Name"] = "globex",
            ["INSTANTLY_SYNC__Workspaces__1__ApiKeyVariable"] = GlobexKeyVariable,
            ["INSTANTLY_SYNC__Workspaces__2__Name"] = "initech",
            ["INSTANTLY_SYNC__Workspaces__2__SubWorkspaceId"] = Fake.For("initech").WorkspaceId,
            ["DATABASE_URL"] = Database.Url,
            ["INSTANTLY_SYNC__Instantly__BaseUrl"] = Fake.BaseUrl,
            ["INSTANTLY_SYNC__Instantly__PageSize"] = "50",
            ["INSTANTLY_SYNC__Instantly__EmailsRequestsPerMinute"] = "600",
            ["INSTANTLY_SYNC__Logging__Directory"] = LogDirectory,
        };
        foreach (var (key, value) in ExtraEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    public Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(Environment(), args);

    /// <summary>Each named workspace's stored rows against its own part of the fake.</summary>
    public async Task<Dictionary<string, OracleResult>> OraclesAsync(params string[] names)
    {
        var results = new Dictionary<string, OracleResult>();
        foreach (var name in names.Length == 0 ? Names : names)
        {
            var workspace = Fake.For(name);
            var today = DateOnly.FromDateTime(workspace.Now.UtcDateTime);
            var lifetimeStart = DateOnly.FromDateTime(workspace.EarliestCampaignCreated.UtcDateTime);
            results[name] = await Oracle.CheckAsync(workspace, Database.DataSource, lifetimeStart, today);
        }

        return results;
    }

    public static string Describe(Dictionary<string, OracleResult> oracles)
        => string.Join("\n", oracles.SelectMany(o => o.Value.Differences.Take(5).Select(d => $"{o.Key}: {d}")));

    public string Today(string name) => DateOnly.FromDateTime(Fake.For(name).Now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
