using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;

namespace InstantlySync.Benchmarks;

/// <summary>One rendering of <c>instantly-sync report</c>: best wall time of its runs, and what it printed or wrote.</summary>
internal sealed record ReportRun(string Command, int ExitCode, double WallSeconds, long OutputBytes, long PeakRssBytes);

/// <summary>
/// The campaign report of a 300,000-lead workspace with 90 days of analytics, on the console, as JSON
/// and as HTML, next to a plain scan of the modeled tables and views the report reads, in the same run.
/// </summary>
internal sealed record ReportResult(SyncWorkload Workload, int Days, long LeadsStored, long CampaignLeads, long DailyRows, double ScanSeconds,
    ReportRun Console, ReportRun Json, ReportRun Html)
{
    public bool Complete => Console.ExitCode == 0 && Json.ExitCode == 0 && Html.ExitCode == 0;
}

internal static class ReportBenchmark
{
    public const int Days = 90;
    private const int Repeats = 3;

    public static async Task<ReportResult> RunAsync(SyncWorkload workload, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"report: starting the fake API ({workload.Campaigns} campaigns, {workload.Leads:N0} leads, {Days} days of analytics)");
        await using var fake = await FakeApiProcess.StartAsync(["--seed", "7", "--days", Days.ToString(CultureInfo.InvariantCulture)], 1,
            workload.Campaigns, workload.Leads, workload.Emails, workload.LatencyMs, cancellationToken);
        await using var database = await BenchDatabase.CreateAsync("report", cancellationToken);
        var runDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, $"report-{workload.Leads}-{DateTime.UtcNow:HHmmss}")).FullName;
        var environment = CliProcess.Environment(database.Url, fake.BaseUrl, Path.Combine(runDirectory, "logs"));

        log.WriteLine("report: instantly-sync sync --all (the raw tables and the modeled layer to report on)");
        var sync = await CliProcess.RunAsync(["sync", "--all"], environment, Path.Combine(runDirectory, "output-sync.log"), cancellationToken);
        if (sync.ExitCode != 0)
        {
            throw new InvalidOperationException($"The sync before the report exited {sync.ExitCode}; see {Repository.Relative(sync.OutputFile)}.");
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("VACUUM ANALYZE");
        var leads = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw");
        var campaignLeads = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outreach.campaign_leads");
        var dailyRows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outreach.campaign_daily");
        var scan = await ScanAsync(connection, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report: {leads:N0} leads, {campaignLeads:N0} campaign leads, {dailyRows:N0} campaign days; a plain scan of what the report reads takes {scan:0.00} s"));

        var window = new[] { "--last", $"{Days}d" };
        var console = await ReportAsync([.. window], null, environment, runDirectory, "console", log, cancellationToken);
        var json = await ReportAsync([.. window, "--json"], null, environment, runDirectory, "json", log, cancellationToken);
        var html = await ReportAsync([.. window, "--html", "report.html"], "report.html", environment, runDirectory, "html", log, cancellationToken);
        return new ReportResult(workload, Days, leads, campaignLeads, dailyRows, scan, console, json, html);
    }

    /// <summary>
    /// Best of three plain scans of every row the report reads: the campaigns, the campaign leads, and the
    /// daily and step views, each read whole (<c>count(*)</c> over a sequential scan, index scans off).
    /// </summary>
    private static async Task<double> ScanAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off");
        var best = double.MaxValue;
        for (var i = 0; i < Repeats; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                SELECT (SELECT count(*) FROM outreach.campaigns c WHERE c.* IS NOT NULL)
                     + (SELECT count(*) FROM outreach.campaign_leads l WHERE l.* IS NOT NULL)
                     + (SELECT count(*) FROM outreach.campaign_daily d WHERE d.* IS NOT NULL)
                     + (SELECT count(*) FROM outreach.step_performance s WHERE s.* IS NOT NULL)
                """, cancellationToken: cancellationToken));
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }

        await connection.ExecuteAsync("RESET enable_indexscan; RESET enable_indexonlyscan; RESET enable_bitmapscan");
        return best;
    }

    private static async Task<ReportRun> ReportAsync(string[] flags, string? file, Dictionary<string, string> environment, string runDirectory, string label,
        TextWriter log, CancellationToken cancellationToken)
    {
        string[] arguments = ["report", .. flags];
        var command = "instantly-sync " + string.Join(' ', arguments);
        CliRun? best = null;
        for (var i = 0; i < Repeats; i++)
        {
            var run = await CliProcess.RunAsync(arguments, environment, Path.Combine(runDirectory, $"output-report-{label}.log"), cancellationToken);
            if (best is null || run.WallSeconds < best.WallSeconds || run.ExitCode != 0)
            {
                best = run;
            }

            if (run.ExitCode != 0)
            {
                break;
            }
        }

        var output = file is null ? best!.OutputFile : Path.Combine(runDirectory, file);
        var bytes = File.Exists(output) ? new FileInfo(output).Length : 0;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report: {command}: exit {best!.ExitCode} in {best.WallSeconds:0.00} s (best of {Repeats}), {bytes:N0} bytes, peak RSS {best.PeakRssBytes / 1048576.0:0} MB"));
        return new ReportRun(command, best.ExitCode, best.WallSeconds, bytes, best.PeakRssBytes);
    }
}
