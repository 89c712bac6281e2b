using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using Npgsql;

namespace InstantlySync.IntegrationTests.Logging;

/// <summary>The three log tiers (README, "Logs, status and doctor") after real runs of the CLI.</summary>
public sealed class LogTierTests : HarnessTest
{
    private static readonly string[] Fields = ["batch_id", "timestamp", "level", "step", "message", "meta", "workspace"];

    private List<JsonElement> ReadJsonl()
    {
        var file = Path.Combine(Harness.LogDirectory, $"{DateTime.UtcNow:yyyy-MM-dd}.jsonl");
        Assert.True(File.Exists(file), $"no {file}");
        return File.ReadAllLines(file).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task The_jsonl_file_has_exactly_the_spec_fields_and_the_run_and_entity_steps()
    {
        var result = await Harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = ReadJsonl();
        Assert.All(lines, line => Assert.Equal(Fields, line.EnumerateObject().Select(p => p.Name)));
        Assert.All(lines, line => Assert.Contains(line.GetProperty("level").GetString(), new[] { "INFO", "WARNING", "ERROR" }));
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, line.GetProperty("meta").ValueKind));
        Assert.All(lines, line => Assert.EndsWith("Z", line.GetProperty("timestamp").GetString(), StringComparison.Ordinal));
        var steps = lines.Select(l => l.GetProperty("step").GetString()).ToHashSet();
        foreach (var step in new[] { "START", "END", "LEADS_START", "LEADS_FETCH", "LEADS_END", "EMAILS_END", "CAMPAIGNS_END", "DAILY_ANALYTICS_END", "STEPS_END", "ACCOUNTS_END" })
        {
            Assert.Contains(step, steps);
        }

        var batchId = await ScalarAsync<Guid>("SELECT id FROM sync_batches");
        var runLines = lines.Where(l => l.GetProperty("step").GetString()!.StartsWith("LEADS", StringComparison.Ordinal)).ToList();
        Assert.All(runLines, l => Assert.Equal(batchId.ToString(), l.GetProperty("batch_id").GetString()));
        var leadsEnd = lines.Single(l => l.GetProperty("step").GetString() == "LEADS_END");
        Assert.Equal(600, leadsEnd.GetProperty("meta").GetProperty("inserted").GetInt32());
    }

    [Fact]
    public async Task TheDatabase_tier_holds_the_milestones_and_warnings_only()
    {
        Harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/emails"] });

        var result = await Harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Level, string Step, Guid? BatchId)>("SELECT level, step, batch_id FROM sync_logs")).ToList();
        Assert.Contains(rows, r => r.Step == "START");
        Assert.Contains(rows, r => r.Step == "END");
        Assert.Contains(rows, r => r.Step == "EMAILS_END" && r.Level == "ERROR");
        Assert.All(rows, r => Assert.True(r.Level is "WARNING" or "ERROR" || r.Step is "START" or "END", $"{r.Level} {r.Step}"));
        Assert.DoesNotContain(rows, r => r.Step == "LEADS_END");
        var batchId = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM sync_batches");
        Assert.All(rows.Where(r => r.Step is "START" or "END"), r => Assert.Equal(batchId, r.BatchId));
    }

    [Fact]
    public async Task ADatabase_outage_mid_run_still_leaves_the_error_in_the_jsonl_and_errors_files()
    {
        Harness.Fake.UpdateFaults(f => f with { LatencyMs = 60 });
        var run = Harness.SyncAsync("--all", "--batch-size", "20");
        for (var i = 0; i < 200 && await ScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw") == 0; i++)
        {
            await Task.Delay(50);
        }

        // Cut the database off: no new connections, existing ones terminated.
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"ALTER DATABASE \"{Database.Name}\" ALLOW_CONNECTIONS false");
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", new { name = Database.Name });
        }

        var result = await run;

        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"ALTER DATABASE \"{Database.Name}\" ALLOW_CONNECTIONS true");
        }

        NpgsqlConnection.ClearAllPools();
        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        var errors = ReadJsonl().Where(l => l.GetProperty("level").GetString() is "ERROR" or "WARNING").ToList();
        Assert.NotEmpty(errors);
        var errorFile = Path.Combine(Harness.LogDirectory, "errors", $"{DateTime.UtcNow:yyyy-MM-dd}.log");
        Assert.True(File.Exists(errorFile), result.All);
        Assert.Contains("[ERROR]", await File.ReadAllTextAsync(errorFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_entity_and_the_partial_run_are_errors_in_every_tier()
    {
        Harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/api/v2/emails"] });

        var result = await Harness.SyncAsync("--all");

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        var errorFile = Path.Combine(Harness.LogDirectory, "errors", $"{DateTime.UtcNow:yyyy-MM-dd}.log");
        Assert.True(File.Exists(errorFile), "no error file");
        var errors = await File.ReadAllTextAsync(errorFile);
        Assert.Contains("[ERROR] EMAILS_END", errors, StringComparison.Ordinal);
        Assert.Contains("[ERROR] END", errors, StringComparison.Ordinal);
        Assert.Contains("403", errors, StringComparison.Ordinal);
        var lines = ReadJsonl();
        Assert.Contains(lines, l => l.GetProperty("step").GetString() == "EMAILS_END" && l.GetProperty("level").GetString() == "ERROR");
        Assert.Equal(("ERROR", "END"), (lines[^1].GetProperty("level").GetString(), lines[^1].GetProperty("step").GetString()));
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Level, string Step)>("SELECT level, step FROM sync_logs WHERE level = 'ERROR'")).ToList();
        Assert.Contains(("ERROR", "EMAILS_END"), rows);
        Assert.Contains(("ERROR", "END"), rows);
    }

    [Fact]
    public async Task Log_files_older_than_the_retention_are_pruned_and_recent_ones_kept()
    {
        var old = Path.Combine(Harness.LogDirectory, $"{DateTime.UtcNow.AddDays(-40):yyyy-MM-dd}.jsonl");
        var recent = Path.Combine(Harness.LogDirectory, $"{DateTime.UtcNow.AddDays(-3):yyyy-MM-dd}.jsonl");
        var oldError = Path.Combine(Harness.LogDirectory, "errors", $"{DateTime.UtcNow.AddDays(-40):yyyy-MM-dd}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(oldError)!);
        foreach (var file in new[] { old, recent, oldError })
        {
            await File.WriteAllTextAsync(file, "{}\n");
        }

        Harness.ExtraEnvironment["INSTANTLY_SYNC__Logging__RetainedDays"] = "30";
        await Harness.SyncAsync("--entities", "accounts");

        Assert.False(File.Exists(old));
        Assert.False(File.Exists(oldError));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public async Task A_github_job_summary_gets_a_markdown_table_of_the_run()
    {
        var summary = Path.Combine(Harness.LogDirectory, "summary.md");
        Harness.ExtraEnvironment["GITHUB_STEP_SUMMARY"] = summary;

        await Harness.SyncAsync("--entities", "accounts,leads");

        var text = await File.ReadAllTextAsync(summary);
        Assert.Contains("| entity | inserted | updated | unchanged | failed | duration | status |", text, StringComparison.Ordinal);
        Assert.Contains("| leads | 600 | 0 | 0 | 0 |", text, StringComparison.Ordinal);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? default!;
    }
}
