using System.Globalization;
using System.Text.Json;
using Dapper;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// docs/reliability.md: a push killed at any point never creates a lead twice and loses none from
/// its plan. Each point starts from the same state — a synced workspace whose two segment
/// campaigns hold finished leads to drain, and a pool of 2,400 new people (three bulk adds) — then
/// the real CLI process runs <c>push</c> and is killed with SIGKILL once the fake has served a
/// given number of its requests (spread from the first listing to the last add), before, during
/// or after a call; a plain <c>push</c> follows. Afterwards no campaign holds an address twice,
/// every pool person is in their segment's campaign once, every drainable lead is gone with its
/// history confirmed, and no outbox row is left pending.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class PushCrashTests(ReliabilityReport report)
{
    private const int Points = 12;
    private const int Pool = 2_400;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_push_killed_at_any_point_then_rerun_creates_no_lead_twice_and_settles_every_row()
    {
        var requests = await CleanRunAsync();
        var problems = new List<string>();
        var (midRun, lost, duplicates) = (0, 0, 0);
        var codes = new List<int>();
        var kills = new List<TimeSpan>();
        for (var point = 0; point < Points; point++)
        {
            var at = 1 + (long)Math.Round((requests - 2) * (double)point / (Points - 1));
            var extra = TimeSpan.FromMilliseconds(point * 37 % 60);
            var label = $"kill after {at} requests + {extra.TotalMilliseconds:0} ms";
            await using var state = await PushState.CreateAsync();
            var served = state.Harness.Fake.Stats.Requests;
            using (var process = CliProcess.Start(state.Harness.Environment(), "push"))
            {
                while (!process.HasExited && state.Harness.Fake.Stats.Requests - served < at)
                {
                    await Task.Delay(2);
                }

                await Task.Delay(extra);
                if (!process.HasExited)
                {
                    midRun++;
                    kills.Add(process.Elapsed);
                }

                process.Kill();
                Seen(codes, process.ExitCode);
            }

            var rerun = await CliProcess.RunAsync(state.Harness.Environment(), RunTimeout, "push");
            Seen(codes, rerun.ExitCode);
            if (rerun.ExitCode != 0)
            {
                problems.Add($"{label}: the rerun exited {rerun.ExitCode}: {rerun.Output}");
            }

            var check = await state.CheckAsync();
            lost += check.Lost;
            duplicates += check.Duplicates;
            problems.AddRange(check.Problems.Select(p => $"{label}: {p}"));
        }

        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{midRun} kills mid-run, {kills.DefaultIfEmpty().Min().TotalSeconds:0.0}-{kills.DefaultIfEmpty().Max().TotalSeconds:0.0} s after start, spread over {requests} requests " +
            $"(lead listings, 2 bulk deletes, 4 bulk adds of {Pool:N0} people, the block list); 137 = killed, then the rerun's code");
        report.Record(new ScenarioResult(ReliabilityGroups.Crashes, "push (drain and top-up), killed then rerun", Points, lost, duplicates, codes, problems.Count == 0, notes));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(midRun > Points / 2, $"only {midRun} of {Points} kills landed while the push was going");
    }

    /// <summary>An uninterrupted push from the same state: it must pass every check; returns the requests it made.</summary>
    private static async Task<long> CleanRunAsync()
    {
        await using var state = await PushState.CreateAsync();
        var before = state.Harness.Fake.Stats.Requests;
        var run = await CliProcess.RunAsync(state.Harness.Environment(), RunTimeout, "push");
        Assert.True(run.ExitCode == 0, run.Output);
        var check = await state.CheckAsync();
        Assert.True(check.Problems.Count == 0, string.Join("\n", check.Problems));
        return state.Harness.Fake.Stats.Requests - before;
    }

    private static void Seen(List<int> codes, int code)
    {
        if (!codes.Contains(code))
        {
            codes.Add(code);
        }
    }

    private sealed record Check(int Lost, int Duplicates, List<string> Problems);

    /// <summary>A fresh database and fake, synced, with the pool, the segments and what a clean push must end with.</summary>
    private sealed class PushState : IAsyncDisposable
    {
        private readonly PostgresDatabase _database;
        private readonly List<string> _drainable;
        private readonly Dictionary<string, string> _expected;

        private PushState(PostgresDatabase database, SyncHarness harness, List<string> drainable, Dictionary<string, string> expected)
        {
            _database = database;
            Harness = harness;
            _drainable = drainable;
            _expected = expected;
        }

        public SyncHarness Harness { get; }

        public static async Task<PushState> CreateAsync()
        {
            var database = new PostgresDatabase();
            await database.InitializeAsync();
            // Latency stretches each call, so kills land before, during and after them.
            var harness = await SyncHarness.StartAsync(database, ReliabilityChecks.Workspace(faults: new FakeFaults { LatencyMs = 25 }));
            var sync = await harness.SyncAsync("--all");
            Assert.True(sync.ExitCode == 0, sync.All);

            await using var connection = await database.DataSource.OpenConnectionAsync();
            var campaigns = (await connection.QueryAsync<string>(
                "SELECT instantly_campaign_id FROM instantly_campaigns_raw ORDER BY instantly_campaign_id LIMIT 2")).ToList();
            await connection.ExecuteAsync("""
                CREATE TABLE outreach.prospects AS
                SELECT g AS ord, format('person%s@pool%s.example', g, g % 40) AS email, g * 1000 AS revenue FROM generate_series(1, @Pool) g;
                CREATE VIEW outreach.lead_pool AS SELECT * FROM outreach.prospects ORDER BY ord;
                """, new { Pool });
            harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__0__Name"] = "smb";
            harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__0__Campaign"] = campaigns[0];
            harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__0__Where"] = $"revenue <= {Pool / 2 * 1000}";
            harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__1__Name"] = "midsize";
            harness.ExtraEnvironment["INSTANTLY_SYNC__Push__Segments__1__Campaign"] = campaigns[1];
            harness.ExtraEnvironment["INSTANTLY_SYNC__Push__NewLeadsPerRun"] = Pool.ToString(CultureInfo.InvariantCulture);

            var expected = Enumerable.Range(1, Pool).ToDictionary(g => $"person{g}@pool{g % 40}.example", g => g <= Pool / 2 ? campaigns[0] : campaigns[1]);
            var drainable = harness.Fake.Workspace.Leads().Values.Select(json => JsonDocument.Parse(json).RootElement)
                .Where(l => l.TryGetProperty("campaign", out var c) && campaigns.Contains(c.GetString()!))
                .Where(l => l.GetProperty("status").GetInt32() is 3 or -1 or -2)
                .Where(l => l.GetProperty("email_reply_count").GetInt32() == 0 && !l.TryGetProperty("timestamp_last_reply", out _))
                .Select(l => l.GetProperty("id").GetString()!)
                .ToList();
            Assert.NotEmpty(drainable);
            return new PushState(database, harness, drainable, expected);
        }

        public async Task<Check> CheckAsync()
        {
            var problems = new List<string>();
            var leads = Harness.Fake.Workspace.Leads().Values.Select(json => JsonDocument.Parse(json).RootElement)
                .Where(l => l.TryGetProperty("campaign", out _) && l.TryGetProperty("email", out var e) && !string.IsNullOrWhiteSpace(e.GetString()))
                .Select(l => (Campaign: l.GetProperty("campaign").GetString()!, Email: l.GetProperty("email").GetString()!.Trim().ToLowerInvariant(), Id: l.GetProperty("id").GetString()!))
                .ToList();
            var twice = leads.GroupBy(l => (l.Campaign, l.Email)).Where(g => g.Count() > 1).Select(g => g.Key.Email).ToList();
            problems.AddRange(twice.Select(e => $"{e} is in its campaign {leads.Count(l => l.Email == e)} times"));
            var placed = leads.Where(l => _expected.ContainsKey(l.Email)).ToLookup(l => l.Email);
            var missing = _expected.Where(e => !placed[e.Key].Any(l => l.Campaign == e.Value)).Select(e => e.Key).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{missing.Count} pool people are not in their segment's campaign, e.g. {missing[0]}");
            }

            var stillThere = _drainable.Where(Harness.Fake.Workspace.Leads().ContainsKey).ToList();
            if (stillThere.Count > 0)
            {
                problems.Add($"{stillThere.Count} finished leads were not drained, e.g. {stillThere[0]}");
            }

            await using var connection = await _database.DataSource.OpenConnectionAsync();
            var unsettled = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.push_leads WHERE state = 'pending'");
            var unconfirmed = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outreach.push_history WHERE deleted_at IS NULL");
            var running = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sync_batches WHERE status = 'running'");
            var wrongIds = await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM outreach.push_leads WHERE state = 'active' AND NOT (instantly_lead_id = ANY (@ids))", new { ids = leads.Select(l => l.Id).ToArray() });
            if (unsettled + unconfirmed + running + wrongIds > 0)
            {
                problems.Add($"left behind: {unsettled} pending outbox rows, {unconfirmed} unconfirmed drains, {running} running batches, {wrongIds} active rows whose lead id is not in Instantly");
            }

            return new Check(missing.Count, twice.Count, problems);
        }

        public async ValueTask DisposeAsync()
        {
            await Harness.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
