using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;

namespace InstantlySync.Benchmarks;

/// <summary>One <c>instantly-sync transform</c> process: its wall time, the batch's own duration and the tuples it wrote.</summary>
internal sealed record TransformRun(string Command, int ExitCode, double WallSeconds, double BatchSeconds, long TuplesWritten, long ModeledRows);

/// <summary>
/// The modeled layer built from a synced workspace: <c>transform --full</c>, then the incremental
/// transform after 1 % of the raw leads changed, both next to a plain sequential scan of the raw
/// leads measured in the same run (the least any rebuild reading every lead can cost).
/// </summary>
internal sealed record TransformResult(
    SyncWorkload Workload, long LeadsStored, int LeadsChanged, double ScanSeconds, TransformRun Full, TransformRun Incremental, TransformRun Again)
{
    public const double WrittenTarget = 0.05;
    public const double TimeTarget = 0.10;

    /// <summary>Tuples the incremental run wrote, as a share of the modeled rows.</summary>
    public double WrittenShare => Full.ModeledRows == 0 ? 0 : (double)Incremental.TuplesWritten / Full.ModeledRows;

    public double TimeShare => Incremental.WallSeconds / Full.WallSeconds;

    public bool Complete => Full.ExitCode == 0 && Incremental.ExitCode == 0 && Again.ExitCode == 0;
}

internal static class TransformBenchmark
{
    /// <summary>The modeled tables whose writes are counted.</summary>
    private const string ModeledSchema = "outreach";

    public static async Task<TransformResult> RunAsync(SyncWorkload workload, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"transform: starting the fake API ({workload.Campaigns} campaigns, {workload.Leads:N0} leads, {workload.Emails:N0} emails)");
        await using var fake = await FakeApiProcess.StartAsync(workload.Campaigns, workload.Leads, workload.Emails, workload.LatencyMs, cancellationToken);
        await using var database = await BenchDatabase.CreateAsync("transform", cancellationToken);
        var runDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, $"transform-{workload.Leads}-{DateTime.UtcNow:HHmmss}")).FullName;
        var environment = CliProcess.Environment(database.Url, fake.BaseUrl, Path.Combine(runDirectory, "logs"));

        log.WriteLine("transform: instantly-sync sync --all --no-transform (the raw tables to build from)");
        var sync = await CliProcess.RunAsync(["sync", "--all", "--no-transform"], environment, Path.Combine(runDirectory, "output-sync.log"), cancellationToken);
        if (sync.ExitCode != 0)
        {
            throw new InvalidOperationException($"The sync before the transform exited {sync.ExitCode}; see {Repository.Relative(sync.OutputFile)}.");
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var leads = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw");
        var scan = await ScanAsync(connection, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"transform: {leads:N0} raw leads; a sequential scan of them takes {scan:0.00} s"));

        var full = await TransformAsync(["transform", "--full"], environment, runDirectory, "full", connection, log, cancellationToken);

        // What a day's sync does to 1 % of the leads: new counters, a reply, a later timestamp_updated,
        // written the way the upserter writes a changed row (merged JSON, updated_at, no fingerprint).
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE instantly_leads_raw
               SET raw_json = raw_json || jsonb_build_object(
                       'email_reply_count', coalesce((raw_json->>'email_reply_count')::int, 0) + 1,
                       'timestamp_last_reply', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'timestamp_updated', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                   status = 'replied', timestamp_updated = now(), raw_hash = NULL, updated_at = now()
             WHERE ctid = ANY (ARRAY(SELECT ctid FROM instantly_leads_raw ORDER BY instantly_lead_id
                                     LIMIT (SELECT count(*) / 100 FROM instantly_leads_raw)))
            """, cancellationToken: cancellationToken));
        log.WriteLine($"transform: changed {changed:N0} raw leads (1 %)");

        var incremental = await TransformAsync(["transform"], environment, runDirectory, "incremental", connection, log, cancellationToken);
        var again = await TransformAsync(["transform"], environment, runDirectory, "again", connection, log, cancellationToken);

        var result = new TransformResult(workload, leads, changed, scan, full, incremental, again);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transform: incremental wrote {result.WrittenShare:P2} of the modeled rows (target ≤ {TransformResult.WrittenTarget:P0}) in {result.TimeShare:P1} of the full rebuild's time (target ≤ {TransformResult.TimeTarget:P0})"));
        return result;
    }

    /// <summary>Best of three sequential scans reading every raw lead's JSON, with index scans off.</summary>
    private static async Task<double> ScanAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off");
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT sum(pg_column_size(raw_json)) FROM instantly_leads_raw", cancellationToken: cancellationToken));
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }

        await connection.ExecuteAsync("RESET enable_indexscan; RESET enable_indexonlyscan; RESET enable_bitmapscan");
        return best;
    }

    private static async Task<TransformRun> TransformAsync(
        string[] arguments, Dictionary<string, string> environment, string runDirectory, string label, NpgsqlConnection connection, TextWriter log, CancellationToken cancellationToken)
    {
        var command = "instantly-sync " + string.Join(' ', arguments);
        var before = await WrittenAsync(connection, cancellationToken);
        var run = await CliProcess.RunAsync(arguments, environment, Path.Combine(runDirectory, $"output-{label}.log"), cancellationToken);
        // A backend's table statistics reach the shared counters when it exits or goes idle for a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        await connection.ExecuteAsync("SELECT pg_stat_clear_snapshot()");
        var written = await WrittenAsync(connection, cancellationToken) - before;
        var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT coalesce(sum(n_live_tup), 0)::bigint FROM pg_stat_user_tables WHERE schemaname = '{ModeledSchema}'", cancellationToken: cancellationToken));
        var batch = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            "SELECT extract(epoch FROM finished_at - started_at)::float8 FROM sync_batches WHERE mode = 'transform' ORDER BY started_at DESC LIMIT 1",
            cancellationToken: cancellationToken)) ?? 0;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transform: {command}: exit {run.ExitCode} in {run.WallSeconds:0.00} s (batch {batch:0.00} s), {written:N0} tuples written, {rows:N0} modeled rows"));
        return new TransformRun(command, run.ExitCode, run.WallSeconds, batch, written, rows);
    }

    /// <summary>Tuples inserted, updated and deleted in the modeled tables so far.</summary>
    private static async Task<long> WrittenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_user_tables WHERE schemaname = '{ModeledSchema}'",
            cancellationToken: cancellationToken));
}
