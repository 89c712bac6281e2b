using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InstantlySync.Benchmarks;

/// <summary>The fake Instantly API as a process of its own, as the CLI would meet the real one.</summary>
internal sealed partial class FakeApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private FakeApiProcess(Process process, string baseUrl, int leads, int emails)
    {
        _process = process;
        BaseUrl = baseUrl;
        Leads = leads;
        Emails = emails;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl[..baseUrl.IndexOf("/api/v2", StringComparison.Ordinal)] + "/") };
    }

    public string BaseUrl { get; }
    public int Leads { get; }
    public int Emails { get; }
    public const string ApiKey = "test-key";

    [GeneratedRegex(@"listening on (?<url>\S+) \(seed \d+, (?<leads>\d+) leads, (?<emails>\d+) emails")]
    private static partial Regex Banner();

    public static async Task<FakeApiProcess> StartAsync(int campaigns, int leads, int emails, int latencyMs, CancellationToken cancellationToken)
    {
        if (!File.Exists(Repository.FakeDll))
        {
            throw new InvalidOperationException($"{Repository.Relative(Repository.FakeDll)} is missing: run dotnet build -c Release first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Repository.FakeDll, "--port", "0", "--seed", "7", "--campaigns", Text(campaigns), "--accounts", "40",
                "--leads", Text(leads), "--emails", Text(emails), "--latency-ms", Text(latencyMs),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The fake stands in for a service that has long been warm. Compiled fully at first call,
        // it serves at full speed from its first request instead of spending the run's first
        // seconds in tiered JIT on a machine it shares with the CLI and PostgreSQL.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the fake API.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Banner().Match(line) is { Success: true } match)
            {
                // Keep draining the output so the process never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new FakeApiProcess(process, match.Groups["url"].Value,
                    int.Parse(match.Groups["leads"].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups["emails"].Value, CultureInfo.InvariantCulture));
            }
        }

        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        throw new InvalidOperationException($"The fake API exited without listening: {error}");
    }

    /// <summary>Requests received per path and 429s answered, from <c>/_control/stats</c>.</summary>
    public async Task<FakeApiStats> StatsAsync(CancellationToken cancellationToken)
        => (await _http.GetFromJsonAsync<FakeApiStats>("_control/stats", cancellationToken))!;

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
