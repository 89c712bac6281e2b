using System.Diagnostics;
using System.Net;
using InstantlySync.FakeApi.Http;
using InstantlySync.FakeApi.Workspace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace InstantlySync.FakeApi;

/// <summary>
/// A running fake Instantly API v2 on 127.0.0.1: a generated workspace behind Kestrel, with a
/// business clock that can be advanced and faults that can be switched at run time.
/// </summary>
/// <example><code>
/// await using var fake = await FakeInstantly.StartAsync(new FakeOptions { Seed = 7, Leads = 2000 }, cancellationToken);
/// var client = new HttpClient { BaseAddress = new Uri(fake.BaseUrl + "/") };
/// </code></example>
public sealed class FakeInstantly : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WorkspaceStore _store;
    private readonly FaultInjector _faults;
    private readonly StatsCounter _stats;

    private FakeInstantly(WebApplication app, WorkspaceStore store, FaultInjector faults, StatsCounter stats, FakeOptions options, Uri root, TimeSpan generationTime)
    {
        _app = app;
        _store = store;
        _faults = faults;
        _stats = stats;
        Options = options;
        RootUrl = root.ToString().TrimEnd('/');
        Port = root.Port;
        GenerationTime = generationTime;
        Workspace = new FakeWorkspace(store);
    }

    public FakeOptions Options { get; }

    /// <summary>For example <c>http://127.0.0.1:43210</c>; the control endpoints live under <c>/_control</c>.</summary>
    public string RootUrl { get; }

    /// <summary>For example <c>http://127.0.0.1:43210/api/v2</c> (no trailing slash).</summary>
    public string BaseUrl => RootUrl + ApiGate.ApiPrefix;

    public int Port { get; }

    public string ApiKey => Options.ApiKey;

    /// <summary>How long generating the workspace took.</summary>
    public TimeSpan GenerationTime { get; }

    /// <summary>The oracle: the exact JSON the API serves for every record.</summary>
    public FakeWorkspace Workspace { get; }

    /// <summary>The business clock (not the machine clock).</summary>
    public DateTimeOffset Now => Workspace.Now;

    public FakeFaults Faults => _faults.Current;

    public FakeStats Stats => _stats.Snapshot();

    public static async Task<FakeInstantly> StartAsync(FakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeOptions();
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var data = WorkspaceGenerator.Generate(options, options.ResolveNow(TimeProvider.System));
        var generationTime = stopwatch.Elapsed;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        var store = new WorkspaceStore(data, options);
        var faults = new FaultInjector(options.Faults);
        var stats = new StatsCounter();
        var gate = new ApiGate(options, faults, new RateLimiter(options, TimeProvider.System), stats, TimeProvider.System);
        app.Use(gate.InvokeAsync);
        ApiEndpoints.Map(app, store, stats);
        ControlEndpoints.Map(app, store, faults, stats);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeInstantly(app, store, faults, stats, options, new Uri(address), generationTime);
    }

    /// <summary>Moves the business clock forward and changes the workspace accordingly (see <see cref="FakeAdvance"/>).</summary>
    public FakeAdvance AdvanceClock(TimeSpan by) => _store.Advance(by);

    /// <summary>Replaces every run-time switch at once.</summary>
    public void SetFaults(FakeFaults faults) => _faults.Set(faults);

    /// <summary>Changes some switches: <c>fake.UpdateFaults(f => f with { ErrorRate = 0.2 })</c>.</summary>
    public void UpdateFaults(Func<FakeFaults, FakeFaults> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _faults.Set(change(_faults.Current));
    }

    public void ResetStats() => _stats.Reset();

    /// <summary>Completes when the host stops (Ctrl+C or SIGTERM when run as a process).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _store.Dispose();
    }
}
