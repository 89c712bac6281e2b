using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.Infrastructure;

/// <summary>
/// Base for tests that run the CLI against the fake API: every test gets its own migrated
/// database and its own fake workspace, so tests never depend on one another's order.
/// </summary>
public abstract class HarnessTest : IAsyncLifetime
{
    protected PostgresDatabase Database { get; } = new();
    protected SyncHarness Harness { get; private set; } = null!;

    /// <summary>The workspace to start with; null for the harness's small default.</summary>
    protected virtual FakeOptions? Workspace => null;

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Harness = await SyncHarness.StartAsync(Database, Workspace);
    }

    public virtual async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Replaces the fake with one holding <paramref name="options"/> (the database stays).</summary>
    protected async Task RestartFakeAsync(FakeOptions options)
    {
        var extra = new Dictionary<string, string?>(Harness.ExtraEnvironment);
        await Harness.DisposeAsync();
        Harness = await SyncHarness.StartAsync(Database, options);
        foreach (var (key, value) in extra)
        {
            Harness.ExtraEnvironment[key] = value;
        }
    }
}
