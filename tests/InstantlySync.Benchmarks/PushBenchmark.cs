using System.Globalization;
using Dapper;

namespace InstantlySync.Benchmarks;

/// <summary>One push phase: how many leads it moved, the requests it made by kind, the least the API allows, 429s.</summary>
internal sealed record PushPhaseRun(
    string Command, int ExitCode, double WallSeconds, int Leads, long Requests, long Adds, long ListPages, long Deletes, long RateLimited, long Minimum)
{
    /// <summary>The calls that move leads — bulk adds for a top-up; list pages and deletes for a drain — against the least possible.</summary>
    public long Moving => Command.Contains("topup", StringComparison.Ordinal) ? Adds : ListPages + Deletes;

    public double Ratio => Minimum == 0 ? 0 : (double)Moving / Minimum;
}

/// <summary>
/// A top-up of 10,000 leads and a drain of 10,000 against the fake with its real limits: the
/// requests used next to the least possible — ⌈n/1000⌉ bulk adds; ⌈n/100⌉ list pages plus
/// ⌈n/10000⌉ deletes — and the 429s met.
/// </summary>
internal sealed record PushResult(int Leads, PushPhaseRun TopUp, PushPhaseRun Drain)
{
    public bool Complete => TopUp.ExitCode == 0 && Drain.ExitCode == 0 && TopUp.Leads == Leads && Drain.Leads >= Leads;
}

internal static class PushBenchmark
{
    public static async Task<PushResult> RunAsync(int leads, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"push: starting the fake API (4 campaigns, 2,000 leads, 50 ms latency, real limits); a pool of {leads:N0} people");
        await using var fake = await FakeApiProcess.StartAsync(4, 2_000, 200, 50, cancellationToken);
        await using var database = await BenchDatabase.CreateAsync("push", cancellationToken);
        var runDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, $"push-{leads}-{DateTime.UtcNow:HHmmss}")).FullName;
        var environment = CliProcess.Environment(database.Url, fake.BaseUrl, Path.Combine(runDirectory, "logs"),
            ("INSTANTLY_SYNC__Instantly__RequestsPerSecond", "100"), ("INSTANTLY_SYNC__Instantly__RequestsPerMinute", "6000"));
        var sync = await CliProcess.RunAsync(["sync", "--all", "--no-transform"], environment, Path.Combine(runDirectory, "output-sync.log"), cancellationToken);
        if (sync.ExitCode != 0)
        {
            throw new InvalidOperationException($"The sync before the push exited {sync.ExitCode}; see {Repository.Relative(sync.OutputFile)}.");
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var campaign = await connection.ExecuteScalarAsync<string>(
            "SELECT instantly_campaign_id FROM instantly_campaigns_raw WHERE campaign_status = 1 ORDER BY instantly_campaign_id LIMIT 1") ?? "";
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE outreach.prospects AS
            SELECT g AS ord, format('person%s@company%s.example', g, g % 500) AS email, format('Person %s', g) AS first_name FROM generate_series(1, @leads) g;
            CREATE VIEW outreach.lead_pool AS SELECT * FROM outreach.prospects ORDER BY ord;
            """, new { leads }, cancellationToken: cancellationToken));
        environment["INSTANTLY_SYNC__Push__Segments__0__Name"] = "all";
        environment["INSTANTLY_SYNC__Push__Segments__0__Campaign"] = campaign;
        environment["INSTANTLY_SYNC__Push__NewLeadsPerRun"] = leads.ToString(CultureInfo.InvariantCulture);
        environment["INSTANTLY_SYNC__Push__InventoryCap"] = "10000000";
        environment["INSTANTLY_SYNC__Push__MaxDrainPerRun"] = (leads * 2).ToString(CultureInfo.InvariantCulture);

        var topUp = await PhaseAsync(fake, ["push", "--phases", "topup"], environment, runDirectory, "topup", log, cancellationToken);
        var added = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.push_leads WHERE state = 'active'");
        topUp = topUp with { Leads = added, Minimum = (added + 999) / 1000 };

        var finished = await fake.FinishLeadsAsync(campaign, int.MaxValue, 3, cancellationToken);
        log.WriteLine($"push: {finished:N0} leads of the campaign completed their sequence");
        var drain = await PhaseAsync(fake, ["push", "--phases", "drain"], environment, runDirectory, "drain", log, cancellationToken);
        var drained = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.push_history WHERE deleted_at IS NOT NULL");
        drain = drain with { Leads = drained, Minimum = ((drained + 99) / 100) + ((drained + 9_999) / 10_000) };

        var result = new PushResult(leads, topUp, drain);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"push: top-up {topUp.Leads:N0} leads in {topUp.Adds} adds (least {topUp.Minimum}); drain {drain.Leads:N0} leads in {drain.ListPages} list pages + {drain.Deletes} deletes (least {drain.Minimum}); 429s {topUp.RateLimited + drain.RateLimited}"));
        return result;
    }

    private static async Task<PushPhaseRun> PhaseAsync(
        FakeApiProcess fake, string[] arguments, Dictionary<string, string> environment, string runDirectory, string label, TextWriter log, CancellationToken cancellationToken)
    {
        await fake.ResetStatsAsync(cancellationToken);
        var run = await CliProcess.RunAsync(arguments, environment, Path.Combine(runDirectory, $"output-{label}.log"), cancellationToken);
        var stats = await fake.StatsAsync(cancellationToken);
        long Served(string path) => stats.RequestsByPath.GetValueOrDefault(path);
        var command = "instantly-sync " + string.Join(' ', arguments);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"push: {command}: exit {run.ExitCode} in {run.WallSeconds:0.0} s, {stats.Requests:N0} requests, {stats.RateLimited} 429s"));
        return new PushPhaseRun(command, run.ExitCode, run.WallSeconds, 0, stats.Requests, Served("/api/v2/leads/add"), Served("/api/v2/leads/list"), Served("/api/v2/leads"), stats.RateLimited, 0);
    }
}
