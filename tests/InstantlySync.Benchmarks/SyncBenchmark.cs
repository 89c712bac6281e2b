using System.Globalization;
using Dapper;

namespace InstantlySync.Benchmarks;

/// <summary>The workspace a whole-sync measurement runs against, and the fake's per-request latency.</summary>
internal sealed record SyncWorkload(int Campaigns, int Leads, int Emails, int LatencyMs);

/// <summary>
/// A whole <c>sync --all</c>, next to the least time its own request plan allows under the API's
/// limits. The limits are sliding windows: N requests may go at once, and request k (counting
/// from 0) can start no earlier than floor(k / N) windows after the first. So the bound is the
/// largest of: when the last request may start under the workspace limits (per second and per
/// minute), when the last GET /emails may start under its 20/min, and the longest cursor chain ×
/// latency (its requests go one after another).
/// </summary>
internal sealed record SyncResult(
    SyncWorkload Workload,
    int ExitCode,
    double WallSeconds,
    long PeakRssBytes,
    long Requests,
    long EmailRequests,
    long LeadRequests,
    long RateLimited,
    int LongestChain,
    string LongestChainName,
    long LeadsStored,
    long EmailsStored,
    int LeadsServed,
    int EmailsServed)
{
    public const int WorkspacePerSecond = 100;
    public const int WorkspacePerMinute = 6_000;
    public const int EmailsPerMinute = 20;

    public double RequestsBoundSeconds => Math.Max(LastStart(Requests, WorkspacePerSecond, 1), LastStart(Requests, WorkspacePerMinute, 60));
    public double EmailsBoundSeconds => LastStart(EmailRequests, EmailsPerMinute, 60);
    public double ChainBoundSeconds => LongestChain * Workload.LatencyMs / 1000.0;
    public double LowerBoundSeconds => Math.Max(RequestsBoundSeconds, Math.Max(EmailsBoundSeconds, ChainBoundSeconds));
    public double Ratio => WallSeconds / LowerBoundSeconds;
    public bool Complete => ExitCode == 0 && LeadsStored == LeadsServed && EmailsStored == EmailsServed;

    /// <summary>When the last of <paramref name="requests"/> may start, at most <paramref name="permits"/> in any window.</summary>
    public static double LastStart(long requests, int permits, double windowSeconds)
        => requests <= 0 ? 0 : (requests - 1) / permits * windowSeconds;
}

internal static class SyncBenchmark
{
    /// <summary>The CLI at the workspace's full budget: 100/s, 6,000/min, 20/min for GET /emails.</summary>
    public static async Task<SyncResult> RunAsync(SyncWorkload workload, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"sync: starting the fake API ({workload.Campaigns} campaigns, {workload.Leads:N0} leads, {workload.Emails:N0} emails, {workload.LatencyMs} ms latency)");
        await using var fake = await FakeApiProcess.StartAsync(workload.Campaigns, workload.Leads, workload.Emails, workload.LatencyMs, cancellationToken);
        await using var database = await BenchDatabase.CreateAsync("sync", cancellationToken);
        var runDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, $"sync-{workload.Leads}-{workload.Emails}-{DateTime.UtcNow:HHmmss}")).FullName;
        var environment = CliProcess.Environment(database.Url, fake.BaseUrl, Path.Combine(runDirectory, "logs"),
            ("INSTANTLY_SYNC__Instantly__RequestsPerSecond", "100"), ("INSTANTLY_SYNC__Instantly__RequestsPerMinute", "6000"),
            ("INSTANTLY_SYNC__Instantly__EmailsRequestsPerMinute", "20"));

        log.WriteLine($"sync: fake ready ({fake.Leads:N0} leads, {fake.Emails:N0} emails); running instantly-sync sync --all (output in {Repository.Relative(runDirectory)})");
        var run = await CliProcess.RunAsync(["sync", "--all"], environment, Path.Combine(runDirectory, "output.log"), cancellationToken);
        var stats = await fake.StatsAsync(cancellationToken);

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var leadsStored = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw");
        var emailsStored = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_emails_raw");
        // The plan's cursor chains: one per campaign for leads plus one outside every campaign;
        // each ends with the request that finds the list empty.
        var leadChains = (await connection.QueryAsync<(string? Campaign, long Count)>(
            "SELECT instantly_campaign_id, count(*) FROM instantly_leads_raw GROUP BY 1")).ToList();
        var chains = leadChains
            .Select(c => (Name: c.Campaign is null ? "leads outside campaigns" : "leads of one campaign", Length: (int)((c.Count + 99) / 100) + 1))
            .Append((Name: "emails", Length: (int)stats.To("/emails")))
            .ToList();
        var longest = chains.MaxBy(c => c.Length);

        var result = new SyncResult(workload, run.ExitCode, run.WallSeconds, run.PeakRssBytes, stats.Requests, stats.To("/emails"),
            stats.To("/leads/list"), stats.RateLimited, longest.Length, longest.Name, leadsStored, emailsStored, fake.Leads, fake.Emails);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sync: exit {run.ExitCode} in {run.WallSeconds:0.0} s; {stats.Requests:N0} requests ({result.EmailRequests:N0} emails, {result.LeadRequests:N0} leads), {stats.RateLimited} 429s; " +
            $"bound {result.LowerBoundSeconds:0.0} s (requests {result.RequestsBoundSeconds:0.0}, emails {result.EmailsBoundSeconds:0.0}, chain {result.ChainBoundSeconds:0.0}); " +
            $"ratio {result.Ratio:0.000}; peak RSS {run.PeakRssBytes / 1048576.0:0} MB; stored {leadsStored:N0}/{fake.Leads:N0} leads, {emailsStored:N0}/{fake.Emails:N0} emails"));
        return result;
    }
}
