using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.IntegrationTests.Reliability;

namespace InstantlySync.IntegrationTests.Workspaces;

/// <summary>
/// README, "Many workspaces": an agency's client workspaces side by side in one database, each
/// with its own key (or reached through the admin key), its own watermarks and its own lock.
/// </summary>
public sealed class WorkspaceSyncTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private AgencyHarness _agency = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _agency = await AgencyHarness.StartAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _agency.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Workspaces_with_overlapping_ids_sync_into_one_database_and_each_equals_its_own_oracle()
    {
        var result = await _agency.RunAsync("sync", "--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var oracles = await _agency.OraclesAsync();
        Assert.True(oracles.Values.All(o => o.Equal), AgencyHarness.Describe(oracles));

        // acme and globex share a seed: the same lead ids and dates are stored once for each of them.
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var shared = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM instantly_leads_raw a JOIN instantly_leads_raw g USING (instantly_lead_id)
             WHERE a.workspace_id = @acme AND g.workspace_id = @globex
            """, new { acme = _agency.Fake.For("acme").WorkspaceId, globex = _agency.Fake.For("globex").WorkspaceId });
        Assert.Equal(_agency.Fake.For("acme").LeadCount, shared);
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT workspace_id) FROM instantly_daily_analytics_raw"));
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sync_batches WHERE status = 'succeeded'"));
        Assert.Equal(["acme", "globex", "initech"], await connection.QueryAsync<string>("SELECT name FROM instantly_workspaces ORDER BY name"));
    }

    [Fact]
    public async Task Every_log_line_of_a_workspace_names_it_in_the_jsonl_file_and_sync_logs()
    {
        var result = await _agency.RunAsync("sync", "--all");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var file = Path.Combine(_agency.LogDirectory, $"{DateTime.UtcNow:yyyy-MM-dd}.jsonl");
        var lines = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var runLines = lines.Where(l => l.GetProperty("batch_id").ValueKind == JsonValueKind.String).ToList();
        Assert.All(runLines, l => Assert.Contains(l.GetProperty("workspace").GetString(), AgencyHarness.Names));
        Assert.Equal(3, runLines.Where(l => l.GetProperty("step").GetString() == "END").Select(l => l.GetProperty("workspace").GetString()).Distinct().Count());
        Assert.Contains("[globex] [INFO] LEADS_END:", result.Error, StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sync_logs WHERE batch_id IS NOT NULL AND workspace_id IS NULL"));
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT workspace_id) FROM sync_logs WHERE step = 'END'"));
    }

    [Fact]
    public async Task The_workspace_flag_syncs_only_the_named_workspaces_and_an_unknown_name_exits_2()
    {
        // One job of a matrix holds only its own workspace's key.
        _agency.ExtraEnvironment[AgencyHarness.AcmeKeyVariable] = null;
        _agency.ExtraEnvironment["INSTANTLY_API_KEY"] = null;
        var globex = await _agency.RunAsync("sync", "--all", "--workspace", "globex");
        var all = await _agency.RunAsync("sync", "--all");
        var unknown = await _agency.RunAsync("sync", "--workspace", "globex,umbrella");

        Assert.True(globex.ExitCode == ExitCodes.Success, globex.All);
        Assert.True((await _agency.OraclesAsync("globex"))["globex"].Equal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal([_agency.Fake.For("globex").WorkspaceId], await connection.QueryAsync<string>("SELECT DISTINCT workspace_id FROM instantly_leads_raw"));
        Assert.Equal(ExitCodes.PreconditionFailed, all.ExitCode);
        Assert.Contains("Workspace acme: INSTANTLY_API_KEY_ACME is not set", all.Error, StringComparison.Ordinal);
        Assert.Contains("Workspace initech is a sub-workspace", all.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidUsage, unknown.ExitCode);
        Assert.Contains("unknown workspace 'umbrella'; configured: acme, globex, initech", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_fails_its_workspace_with_exit_3_while_the_others_succeed()
    {
        _agency.ExtraEnvironment[AgencyHarness.GlobexKeyVariable] = "revoked-key";

        var result = await _agency.RunAsync("sync", "--all");

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("globex", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-key", result.All, StringComparison.Ordinal);
        var oracles = await _agency.OraclesAsync("acme", "initech");
        Assert.True(oracles.Values.All(o => o.Equal), AgencyHarness.Describe(oracles));
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM instantly_leads_raw WHERE workspace_id = @id", new { id = _agency.Fake.For("globex").WorkspaceId }));
    }

    [Fact]
    public async Task Two_processes_on_different_workspaces_both_succeed_and_the_same_workspace_twice_exits_4()
    {
        var slow = await AgencyHarness.StartAsync(_database, latencyMs: 120);
        try
        {
            var environment = slow.Environment();
            var timeout = TimeSpan.FromSeconds(120);
            var acme = CliProcess.RunAsync(environment, timeout, "sync", "--all", "--workspace", "acme");
            var globex = CliProcess.RunAsync(environment, timeout, "sync", "--all", "--workspace", "globex");
            await WaitForRunningAsync(2);
            // In-process, so it starts at once, while both processes still run.
            var second = await CliRun.RunAsync(environment, ["sync", "--workspace", "globex"]);

            Assert.Equal(ExitCodes.LockHeld, second.ExitCode);
            Assert.Contains("another sync is running", second.All, StringComparison.Ordinal);
            Assert.True((await acme).ExitCode == 0, (await acme).Output);
            Assert.True((await globex).ExitCode == 0, (await globex).Output);
            var oracles = await slow.OraclesAsync("acme", "globex");
            Assert.True(oracles.Values.All(o => o.Equal), AgencyHarness.Describe(oracles));
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Status_shows_every_workspace_and_its_last_run()
    {
        Assert.Equal(ExitCodes.Success, (await _agency.RunAsync("sync", "--all")).ExitCode);

        var table = await _agency.RunAsync("status");
        var json = await _agency.RunAsync("status", "--json", "--workspace", "initech");

        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains("Entities of acme", table.Out, StringComparison.Ordinal);
        Assert.Contains("Entities of globex", table.Out, StringComparison.Ordinal);
        Assert.Contains("Entities of initech", table.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var workspace = Assert.Single(document.RootElement.GetProperty("workspaces").EnumerateArray());
        Assert.Equal(("initech", _agency.Fake.For("initech").WorkspaceId, "succeeded"),
            (workspace.GetProperty("workspace").GetString(), workspace.GetProperty("workspace_id").GetString(), workspace.GetProperty("last_run_status").GetString()));
        Assert.All(document.RootElement.GetProperty("runs").EnumerateArray(), r => Assert.Equal("initech", r.GetProperty("workspace").GetString()));
    }

    [Fact]
    public async Task Workspaces_lists_each_one_with_its_instantly_id_key_status_and_last_run()
    {
        Assert.Equal(ExitCodes.Success, (await _agency.RunAsync("sync", "--all", "--workspace", "acme")).ExitCode);
        _agency.ExtraEnvironment[AgencyHarness.GlobexKeyVariable] = "revoked-key";

        var result = await _agency.RunAsync("workspaces");

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        var blocks = result.Out.Split("\n" + "globex" + "\n");
        Assert.Contains($"instantly: {_agency.Fake.For("acme").WorkspaceId}", blocks[0], StringComparison.Ordinal);
        Assert.Contains("key:       INSTANTLY_API_KEY_ACME: accepted", blocks[0], StringComparison.Ordinal);
        Assert.Contains("last run:  succeeded at", blocks[0], StringComparison.Ordinal);
        Assert.Contains("key:       INSTANTLY_API_KEY_GLOBEX: NOT usable - ", blocks[1], StringComparison.Ordinal);
        Assert.Contains("401", blocks[1], StringComparison.Ordinal);
        Assert.Contains($"INSTANTLY_API_KEY as sub-workspace {_agency.Fake.For("initech").WorkspaceId}: accepted", blocks[1], StringComparison.Ordinal);
        Assert.Contains("last run:  none yet", blocks[1], StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-key", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_lists_the_sub_workspaces_the_admin_key_reaches_as_entries_to_paste()
    {
        var result = await _agency.RunAsync("workspaces", "--discover");

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Contains("reaches 1 sub-workspace(s)", result.Out, StringComparison.Ordinal);
        Assert.Contains($"\"SubWorkspaceId\": \"{_agency.Fake.For("initech").WorkspaceId}\" }}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_checks_every_workspace_s_key()
    {
        _agency.ExtraEnvironment[AgencyHarness.GlobexKeyVariable] = "revoked-key";

        var result = await _agency.RunAsync("doctor");

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("[ OK ] API key of acme: accepted", result.Out, StringComparison.Ordinal);
        Assert.Contains("[FAIL] API key of globex:", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] API key of initech: accepted", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_names_its_workspace_and_a_snapshot_of_another_workspace_is_refused()
    {
        var unnamed = await _agency.RunAsync("import", Import.ImportRun.SamplePath);
        var elsewhere = await _agency.RunAsync("import", Import.ImportRun.SamplePath, "--workspace", "globex");

        Assert.Equal(ExitCodes.InvalidUsage, unnamed.ExitCode);
        Assert.Contains("an import writes into one workspace; name it with --workspace (configured: acme, globex, initech)", unnamed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.PreconditionFailed, elsewhere.ExitCode);
        Assert.Contains($"belong to workspace bffdcc34-56cd-403e-a325-def96cc9d027, but workspace globex is {_agency.Fake.For("globex").WorkspaceId}", elsewhere.Error, StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_campaigns_raw"));
    }

    private async Task WaitForRunningAsync(int runs)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        for (var i = 0; i < 600; i++)
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sync_batches WHERE status = 'running'") >= runs)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{runs} runs never ran at once");
    }
}
