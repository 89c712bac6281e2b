using System.Diagnostics;
using System.Net;
using InstantlySync.FakeApi.Http;
using InstantlySync.FakeApi.Workspace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace InstantlySync.FakeApi;

/// <summary>
/// A running fake Instantly API v2 on 127.0.0.1: one or several generated workspaces behind
/// Kestrel, each with a business clock that can be advanced and faults that can be switched at
/// run time. The single-workspace members (<see cref="Workspace"/>, <see cref="ApiKey"/>,
/// <see cref="Options"/>, <see cref="Now"/>, <see cref="Faults"/>) show the first workspace; the
/// verbs (<see cref="AdvanceClock"/>, <see cref="UpdateFaults"/>, <see cref="ResetStats"/>) act on
/// all of them, and <see cref="For"/> reaches one.
/// </summary>
/// <example><code>
/// await using var fake = await FakeInstantly.StartAsync(new FakeOptions { Seed = 7, Leads = 2000 }, cancellationToken);
/// var client = new HttpClient { BaseAddress = new Uri(fake.BaseUrl + "/") };
///
/// await using var agency = await FakeInstantly.StartAsync(
/// [
///     new FakeOptions { Name = "acme", ApiKey = "acme-key" },
///     new FakeOptions { Name = "initech", SubWorkspaceOf = "acme", Seed = 9 },
/// ], cancellationToken);
/// agency.For("initech").WorkspaceId;   // send it as x-as-workspace with acme-key
/// </code></example>
public sealed class FakeInstantly : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WorkspaceDirectory _directory;

    private FakeInstantly(WebApplication app, WorkspaceDirectory directory, Uri root, TimeSpan generationTime)
    {
        _app = app;
        _directory = directory;
        RootUrl = root.ToString().TrimEnd('/');
        Port = root.Port;
        GenerationTime = generationTime;
    }

    /// <summary>The first workspace's options.</summary>
    public FakeOptions Options => Workspace.Options;

    /// <summary>For example <c>http://127.0.0.1:43210</c>; the control endpoints live under <c>/_control</c>.</summary>
    public string RootUrl { get; }

    /// <summary>For example <c>http://127.0.0.1:43210/api/v2</c> (no trailing slash).</summary>
    public string BaseUrl => RootUrl + ApiGate.ApiPrefix;

    public int Port { get; }

    /// <summary>The key that reaches the first workspace.</summary>
    public string ApiKey => Workspace.ApiKey;

    /// <summary>How long generating the workspaces took.</summary>
    public TimeSpan GenerationTime { get; }

    /// <summary>The first workspace: the oracle (the exact JSON the API serves for every record) and its controls.</summary>
    public FakeWorkspace Workspace => _directory.All[0];

    /// <summary>Every workspace, in the order given.</summary>
    public IReadOnlyList<FakeWorkspace> Workspaces => _directory.All;

    /// <summary>The first workspace's business clock (not the machine clock).</summary>
    public DateTimeOffset Now => Workspace.Now;

    /// <summary>The first workspace's switches.</summary>
    public FakeFaults Faults => Workspace.Faults;

    /// <summary>The process's totals: every workspace, plus requests refused before reaching one (401).</summary>
    public FakeStats Stats => _directory.Stats();

    /// <summary>The workspace of that <see cref="FakeOptions.Name"/> (<c>default</c> when unnamed).</summary>
    public FakeWorkspace For(string name) =>
        _directory.Find(name)
        ?? throw new KeyNotFoundException($"No workspace named '{name}'. Known: {string.Join(", ", Workspaces.Select(w => w.Name))}.");

    public static Task<FakeInstantly> StartAsync(FakeOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync([options ?? new FakeOptions()], cancellationToken);

    /// <summary>
    /// Serves several workspaces in one process, on the first one's port. Names and keys must be
    /// unique; a sub-workspace names its admin in <see cref="FakeOptions.SubWorkspaceOf"/>.
    /// </summary>
    public static async Task<FakeInstantly> StartAsync(IReadOnlyList<FakeOptions> workspaces, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspaces);
        WorkspaceDirectory.Validate(workspaces);
        var stopwatch = Stopwatch.StartNew();

        // Each workspace draws only from generators seeded by its own options, so generating them
        // side by side gives the same data as generating each alone.
        var generated = await Task.WhenAll(workspaces.Select(options => Task.Run(
            () => (options, WorkspaceGenerator.Generate(options, options.ResolveNow(TimeProvider.System))),
            cancellationToken)));
        var generationTime = stopwatch.Elapsed;
        var directory = new WorkspaceDirectory(generated, TimeProvider.System);

        try
        {
            var app = Build(directory, workspaces[0].Port);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new FakeInstantly(app, directory, new Uri(address), generationTime);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static WebApplication Build(WorkspaceDirectory directory, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        var app = builder.Build();
        app.Use(new ApiGate(directory, TimeProvider.System).InvokeAsync);
        ApiEndpoints.Map(app);
        ControlEndpoints.Map(app, directory);
        return app;
    }

    /// <summary>Moves every workspace's business clock forward; returns what changed in the first.</summary>
    public FakeAdvance AdvanceClock(TimeSpan by) => Workspaces.Select(w => w.AdvanceClock(by)).ToList()[0];

    /// <summary>Replaces every run-time switch of every workspace at once.</summary>
    public void SetFaults(FakeFaults faults)
    {
        foreach (var workspace in Workspaces)
        {
            workspace.SetFaults(faults);
        }
    }

    /// <summary>Changes some switches of every workspace: <c>fake.UpdateFaults(f => f with { ErrorRate = 0.2 })</c>.</summary>
    public void UpdateFaults(Func<FakeFaults, FakeFaults> change)
    {
        foreach (var workspace in Workspaces)
        {
            workspace.UpdateFaults(change);
        }
    }

    public void ResetStats() => _directory.ResetStats();

    /// <summary>Completes when the host stops (Ctrl+C or SIGTERM when run as a process).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
