using System.Text.Json;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Cli;

public sealed class StatusAndDoctorTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private SyncHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _harness = await SyncHarness.StartAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Status_json_reports_the_last_runs_watermarks_row_counts_and_errors()
    {
        Assert.Equal(ExitCodes.Success, (await _harness.SyncAsync("--all")).ExitCode);

        var result = await _harness.RunAsync(["status", "--json"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.Equal("succeeded", root.GetProperty("last_run_status").GetString());
        var run = root.GetProperty("runs")[0];
        Assert.True(Guid.TryParse(run.GetProperty("batch_id").GetString(), out _));
        Assert.Equal("all", run.GetProperty("mode").GetString());
        Assert.Equal(600, run.GetProperty("counts").GetProperty("leads").GetProperty("inserted").GetInt32());
        var leads = root.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("entity").GetString() == "leads");
        Assert.Equal(600, leads.GetProperty("rows").GetInt64());
        Assert.Equal("instantly_leads_raw", leads.GetProperty("table").GetString());
        Assert.NotEqual(JsonValueKind.Null, leads.GetProperty("watermark").ValueKind);
        Assert.Equal(0, root.GetProperty("open_dead_letters").GetInt64());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("recent_errors").ValueKind);
    }

    [Fact]
    public async Task Status_exits_1_after_a_failed_run_and_shows_the_error_in_its_tables()
    {
        _harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/emails"] });
        Assert.Equal(ExitCodes.PartialFailure, (await _harness.SyncAsync("--all")).ExitCode);

        var result = await _harness.RunAsync(["status"]);

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        Assert.Contains("partial", result.Out, StringComparison.Ordinal);
        Assert.Contains("instantly_leads_raw", result.Out, StringComparison.Ordinal);
        Assert.Contains("Open dead letters: 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("EMAILS_END", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_passes_every_check_against_a_good_key_and_a_migrated_database()
    {
        var result = await _harness.RunAsync(["doctor"]);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Contains("[ OK ] API key", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Database", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Schema: up to date", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Log directory", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_explains_a_rejected_key()
    {
        _harness.ExtraEnvironment["INSTANTLY_API_KEY"] = "wrong-key";

        var result = await _harness.RunAsync(["doctor"]);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("[FAIL] API key", result.Out, StringComparison.Ordinal);
        Assert.Contains("revoked", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_explains_an_unpaid_workspace()
    {
        _harness.Fake.UpdateFaults(f => f with { PaymentRequired = true });

        var result = await _harness.RunAsync(["doctor"]);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("paid plan", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_lists_pending_migrations_and_an_unreachable_api()
    {
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await using var command = new Npgsql.NpgsqlCommand("DELETE FROM schema_migrations WHERE version = 7; DROP TABLE instantly_leads_raw", connection);
            await command.ExecuteNonQueryAsync();
        }

        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__BaseUrl"] = "http://127.0.0.1:1/api/v2";
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "0";

        var result = await _harness.RunAsync(["doctor"]);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("[FAIL] Schema: 1 pending migration(s): 0007_leads", result.Out, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", result.Out, StringComparison.Ordinal);
    }
}
