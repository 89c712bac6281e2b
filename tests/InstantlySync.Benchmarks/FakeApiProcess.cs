using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InstantlySync.Benchmarks;

/// <summary>A workspace to ask the fake for; its sizes are the ones every workspace of the process gets.</summary>
internal sealed record FakeWorkspaceSpec(string Name, string ApiKey, int Seed);

/// <summary>A workspace the fake serves, as its start-up lines name it.</summary>
internal sealed record FakeWorkspaceInfo(string Name, string Id, string ApiKey, int Leads, int Emails);

/// <summary>The fake Instantly API as a process of its own, as the CLI would meet the real one.</summary>
internal sealed partial class FakeApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private FakeApiProcess(Process process, string baseUrl, IReadOnlyList<FakeWorkspaceInfo> workspaces)
    {
        _process = process;
        BaseUrl = baseUrl;
        Workspaces = workspaces;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl[..baseUrl.IndexOf("/api/v2", StringComparison.Ordinal)] + "/") };
    }

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>The workspaces served, in the order they were asked for.</summary>
    public IReadOnlyList<FakeWorkspaceInfo> Workspaces { get; }

    /// <summary>Leads served by the whole process.</summary>
    public int Leads => Workspaces.Sum(w => w.Leads);

    /// <summary>Emails served by the whole process.</summary>
    public int Emails => Workspaces.Sum(w => w.Emails);

    public const string ApiKey = "test-key";

    [GeneratedRegex(@"listening on (?<url>\S+) \(")]
    private static partial Regex Listening();

    // One line per workspace follows the first, with one workspace or several (see the fake's README).
    [GeneratedRegex(@"^workspace (?<name>\S+) id (?<id>\S+) key (?<key>\S+) \(seed \d+, (?<leads>\d+) leads, (?<emails>\d+) emails")]
    private static partial Regex WorkspaceLine();

    /// <summary>One workspace, the default one, on <see cref="ApiKey"/> with seed 7.</summary>
    public static Task<FakeApiProcess> StartAsync(int campaigns, int leads, int emails, int latencyMs, CancellationToken cancellationToken)
        => StartAsync(["--seed", "7"], 1, campaigns, leads, emails, latencyMs, cancellationToken);

    /// <summary>Several workspaces in one process, each with its own key, seed, data, rate limits and statistics.</summary>
    public static Task<FakeApiProcess> StartAsync(
        IReadOnlyList<FakeWorkspaceSpec> workspaces, int campaigns, int leads, int emails, int latencyMs, CancellationToken cancellationToken)
        => StartAsync(workspaces.SelectMany(w => new[] { "--workspace", $"name={w.Name},key={w.ApiKey},seed={Text(w.Seed)}" }).ToList(),
            workspaces.Count, campaigns, leads, emails, latencyMs, cancellationToken);

    /// <summary>The fake with these arguments after the sizes (workspaces, <c>--days</c>, <c>--seed</c>).</summary>
    public static async Task<FakeApiProcess> StartAsync(
        IReadOnlyList<string> workspaceArguments, int workspaceCount, int campaigns, int leads, int emails, int latencyMs, CancellationToken cancellationToken)
    {
        if (!File.Exists(Repository.FakeDll))
        {
            throw new InvalidOperationException($"{Repository.Relative(Repository.FakeDll)} is missing: run dotnet build -c Release first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Repository.FakeDll, "--port", "0", "--campaigns", Text(campaigns), "--accounts", "40",
                "--leads", Text(leads), "--emails", Text(emails), "--latency-ms", Text(latencyMs),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in workspaceArguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The fake stands in for a service that has long been warm. Compiled fully at first call,
        // it serves at full speed from its first request instead of spending the run's first
        // seconds in tiered JIT on a machine it shares with the CLI and PostgreSQL.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the fake API.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        string? url = null;
        var workspaces = new List<FakeWorkspaceInfo>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (url is null && Listening().Match(line) is { Success: true } listening)
            {
                url = listening.Groups["url"].Value;
            }
            else if (WorkspaceLine().Match(line) is { Success: true } match)
            {
                workspaces.Add(new FakeWorkspaceInfo(match.Groups["name"].Value, match.Groups["id"].Value, match.Groups["key"].Value,
                    int.Parse(match.Groups["leads"].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups["emails"].Value, CultureInfo.InvariantCulture)));
            }

            if (url is not null && workspaces.Count == workspaceCount)
            {
                // Keep draining the output so the process never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new FakeApiProcess(process, url, workspaces);
            }
        }

        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        throw new InvalidOperationException($"The fake API exited without listening: {error}");
    }

    /// <summary>
    /// Requests received per path and 429s answered, from <c>/_control/stats</c>: the process's
    /// totals (every workspace, and the requests no key reached).
    /// </summary>
    public Task<FakeApiStats> StatsAsync(CancellationToken cancellationToken)
        => GetStatsAsync("_control/stats", cancellationToken);

    /// <summary>The same figures for one workspace.</summary>
    public Task<FakeApiStats> StatsAsync(string workspace, CancellationToken cancellationToken)
        => GetStatsAsync($"_control/stats?workspace={Uri.EscapeDataString(workspace)}", cancellationToken);

    private async Task<FakeApiStats> GetStatsAsync(string path, CancellationToken cancellationToken)
        => (await _http.GetFromJsonAsync<FakeApiStats>(path, cancellationToken))!;

    /// <summary>Ends the sequence of up to <paramref name="count"/> active leads of a campaign with <paramref name="status"/>; returns how many.</summary>
    public async Task<int> FinishLeadsAsync(string campaign, int count, int status, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(
            $"_control/finish?campaign={Uri.EscapeDataString(campaign)}&count={Text(count)}&status={Text(status)}", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken);
        return body.GetProperty("finished").GetInt32();
    }

    /// <summary>Zeroes the statistics of every workspace, so the next figures belong to the next run alone.</summary>
    public async Task ResetStatsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("_control/stats/reset", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

internal sealed record FakeApiStats(
    [property: System.Text.Json.Serialization.JsonPropertyName("requests")] long Requests,
    [property: System.Text.Json.Serialization.JsonPropertyName("requests_by_path")] Dictionary<string, long> RequestsByPath,
    [property: System.Text.Json.Serialization.JsonPropertyName("responses_by_status")] Dictionary<string, long> ResponsesByStatus,
    [property: System.Text.Json.Serialization.JsonPropertyName("rate_limited")] long RateLimited)
{
    public long To(string path) => RequestsByPath.TryGetValue("/api/v2" + path, out var count) ? count : 0;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
