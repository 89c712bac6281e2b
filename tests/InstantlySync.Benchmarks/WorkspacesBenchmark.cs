using System.Globalization;
using System.Text.Json.Serialization;
using Dapper;

namespace InstantlySync.Benchmarks;

/// <summary>One workspace's share of a CLI run: what the fake counted for it and what was stored under its id.</summary>
internal sealed record WorkspaceFigures(
    string Name, string WorkspaceId, long Requests, long RateLimited, long LeadsStored, long EmailsStored, int LeadsServed, int EmailsServed)
{
    public bool Complete => LeadsStored == LeadsServed && EmailsStored == EmailsServed;
}

/// <summary>
/// One CLI process over one or several workspaces: exit code, wall time, peak RSS, the fake's
/// process totals (requests, 429s) and each workspace it was asked to sync.
/// </summary>
internal sealed record WorkspacesRun(
    string Command, int ExitCode, double WallSeconds, long PeakRssBytes, long Requests, long RateLimited, IReadOnlyList<WorkspaceFigures> Workspaces, CpuSeconds? Cpu = null)
{
    public bool Complete => ExitCode == 0 && Workspaces.All(w => w.Complete);
}

/// <summary>
/// Each workspace synced alone, then all of them by one process. The API's budgets are per
/// workspace, so the workspaces should overlap: all at once should take little more than the
/// slowest alone.
/// </summary>
internal sealed record WorkspacesResult(SyncWorkload Each, IReadOnlyList<WorkspacesRun> Alone, WorkspacesRun Together, int Cores = 0)
{
    public const double RatioTarget = 1.2;
    public const long PeakRssTarget = 250L * 1024 * 1024;

    [JsonIgnore]
    public WorkspacesRun SlowestAlone => Alone.MaxBy(r => r.WallSeconds)!;

    public double Ratio => Together.WallSeconds / SlowestAlone.WallSeconds;

    /// <summary>429s over every run, alone and together.</summary>
    public long RateLimited => Together.RateLimited + Alone.Sum(r => r.RateLimited);
    public bool Complete => Together.Complete && Alone.All(r => r.Complete);

    /// <summary>CPU-seconds the machine's cores offer in the target's time: cores × 1.2 × the slowest alone.</summary>
    public double CpuWithinTarget => Cores * RatioTarget * SlowestAlone.WallSeconds;
}

internal static class WorkspacesBenchmark
{
    /// <summary>Three workspaces of one fake process, different seeds so each serves its own data.</summary>
    private static readonly IReadOnlyList<FakeWorkspaceSpec> Specs =
    [
        new("acme", "acme-key", 7),
        new("globex", "globex-key", 8),
        new("initech", "initech-key", 9),
    ];

    public static async Task<WorkspacesResult> RunAsync(SyncWorkload each, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"workspaces: starting the fake API ({Specs.Count} workspaces of {each.Campaigns} campaigns, {each.Leads:N0} leads, {each.Emails:N0} emails; {each.LatencyMs} ms latency)");
        await using var fake = await FakeApiProcess.StartAsync(Specs, each.Campaigns, each.Leads, each.Emails, each.LatencyMs, cancellationToken);
        var runDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, $"workspaces-{each.Leads}-{DateTime.UtcNow:HHmmss}")).FullName;
        log.WriteLine($"workspaces: fake ready ({string.Join(", ", fake.Workspaces.Select(w => $"{w.Name} {w.Id}"))}); output in {Repository.Relative(runDirectory)}");

        var alone = new List<WorkspacesRun>();
        foreach (var workspace in fake.Workspaces)
        {
            // The sync alone: the modeled layer it would build next has its own measurement (the transform part).
            alone.Add(await RunCliAsync(fake, ["sync", "--all", "--no-transform", "--workspace", workspace.Name], [workspace], runDirectory, log, cancellationToken));
        }

        // The fake's limits are sliding windows in real time, and a new CLI process starts with an
        // empty budget: the last workspace synced alone spent most of its 20 GET /emails of the
        // minute just now. A minute's pause gives every workspace a whole budget again, as the
        // interval between two scheduled runs would.
        log.WriteLine("workspaces: waiting one minute for the API's per-minute windows to empty");
        await Task.Delay(TimeSpan.FromSeconds(61), cancellationToken);
        var together = await RunCliAsync(fake, ["sync", "--all", "--no-transform"], fake.Workspaces, runDirectory, log, cancellationToken);

        var result = new WorkspacesResult(each, alone, together, Environment.ProcessorCount);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"workspaces: together {together.WallSeconds:0.0} s, slowest alone {result.SlowestAlone.WallSeconds:0.0} s ({result.SlowestAlone.Workspaces[0].Name}): " +
            $"ratio {result.Ratio:0.000} (target ≤ {WorkspacesResult.RatioTarget}); {result.RateLimited} 429s in all; rows complete: {result.Complete}"));
        return result;
    }

    /// <summary>One CLI process into a fresh database, with every workspace configured and the fake's statistics zeroed first.</summary>
    private static async Task<WorkspacesRun> RunCliAsync(
        FakeApiProcess fake, IReadOnlyList<string> arguments, IReadOnlyList<FakeWorkspaceInfo> synced, string runDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync("ws", cancellationToken);
        var label = synced.Count == 1 ? synced[0].Name : "all";
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database.Url,
            ["INSTANTLY_SYNC__Instantly__BaseUrl"] = fake.BaseUrl,
            ["INSTANTLY_SYNC__Instantly__RequestsPerSecond"] = "100",
            ["INSTANTLY_SYNC__Instantly__RequestsPerMinute"] = "6000",
            ["INSTANTLY_SYNC__Instantly__EmailsRequestsPerMinute"] = "20",
            ["INSTANTLY_SYNC__Logging__Directory"] = Path.Combine(runDirectory, $"logs-{label}"),
            ["CI"] = "true",
        };
        for (var i = 0; i < fake.Workspaces.Count; i++)
        {
            var workspace = fake.Workspaces[i];
            var variable = $"INSTANTLY_API_KEY_{workspace.Name.ToUpperInvariant()}";
            environment[$"INSTANTLY_SYNC__Workspaces__{i}__Name"] = workspace.Name;
            environment[$"INSTANTLY_SYNC__Workspaces__{i}__ApiKeyVariable"] = variable;
            environment[variable] = workspace.ApiKey;
        }

        var command = "instantly-sync " + string.Join(' ', arguments);
        log.WriteLine($"workspaces: running {command}");
        await fake.ResetStatsAsync(cancellationToken);
        var postmaster = await CpuTime.PostmasterAsync(database.DataSource, cancellationToken);
        var (cli, server, served) = (CpuTime.ReapedChildren(), postmaster is { } p0 ? CpuTime.OfServer(p0) : 0, CpuTime.OfProcess(fake.ProcessId));
        var run = await CliProcess.RunAsync(arguments, environment, Path.Combine(runDirectory, $"output-{label}.log"), cancellationToken);
        var cpu = new CpuSeconds(CpuTime.ReapedChildren() - cli, postmaster is { } p1 ? CpuTime.OfServer(p1) - server : null, CpuTime.OfProcess(fake.ProcessId) - served);
        var total = await fake.StatsAsync(cancellationToken);

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var leads = await StoredAsync(connection, "instantly_leads_raw", cancellationToken);
        var emails = await StoredAsync(connection, "instantly_emails_raw", cancellationToken);
        var figures = new List<WorkspaceFigures>();
        foreach (var workspace in synced)
        {
            var stats = await fake.StatsAsync(workspace.Name, cancellationToken);
            figures.Add(new WorkspaceFigures(workspace.Name, workspace.Id, stats.Requests, stats.RateLimited,
                leads.GetValueOrDefault(workspace.Id), emails.GetValueOrDefault(workspace.Id), workspace.Leads, workspace.Emails));
        }

        var result = new WorkspacesRun(command, run.ExitCode, run.WallSeconds, run.PeakRssBytes, total.Requests, total.RateLimited, figures, cpu);
        var stored = string.Join(", ", figures.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f.Name} {f.LeadsStored:N0}/{f.LeadsServed:N0} leads {f.EmailsStored:N0}/{f.EmailsServed:N0} emails")));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"workspaces: exit {run.ExitCode} in {run.WallSeconds:0.0} s; {total.Requests:N0} requests, {total.RateLimited} 429s; peak RSS {run.PeakRssBytes / 1048576.0:0} MB; " +
            $"CPU s: CLI {cpu.Cli:0.0}, PostgreSQL {cpu.Postgres:0.0}, fake {cpu.FakeApi:0.0}; stored {stored}"));
        return result;
    }

    /// <summary>Rows per workspace_id in one raw table.</summary>
    private static async Task<Dictionary<string, long>> StoredAsync(Npgsql.NpgsqlConnection connection, string table, CancellationToken cancellationToken)
        => (await connection.QueryAsync<(string WorkspaceId, long Count)>(
                new CommandDefinition($"SELECT workspace_id, count(*) FROM {table} GROUP BY 1", cancellationToken: cancellationToken)))
            .ToDictionary(r => r.WorkspaceId, r => r.Count);
}
