using System.Text.Json;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Cli;

public sealed class StatusAndDoctorTests : HarnessTest
{

    [Fact]
    public async Task Status_json_reports_the_last_runs_watermarks_row_counts_and_errors()
    {
        Assert.Equal(ExitCodes.Success, (await Harness.SyncAsync("--all")).ExitCode);

        var result = await Harness.RunAsync(["status", "--json"]);

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
        Harness.Fake.UpdateFaults(f => f with { ForbiddenPaths = ["/emails"] });
        Assert.Equal(ExitCodes.PartialFailure, (await Harness.SyncAsync("--all")).ExitCode);

        var result = await Harness.RunAsync(["status"]);

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        Assert.Contains("partial", result.Out, StringComparison.Ordinal);
        Assert.Contains("instantly_leads_raw", result.Out, StringComparison.Ordinal);
        Assert.Contains("Open dead letters: 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("EMAILS_END", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_passes_every_check_against_a_good_key_and_a_migratedDatabase()
    {
        var result = await Harness.RunAsync(["doctor"]);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Contains("[ OK ] API key", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Database", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Schema: up to date", result.Out, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Log directory", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_explains_a_rejected_key()
    {
        Harness.ExtraEnvironment["INSTANTLY_API_KEY"] = "wrong-key";

        var result = await Harness.RunAsync(["doctor"]);

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("[FAIL] API key", result.Out, StringComparison.Ordinal);
        Assert.Contains("revoked", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_explains_an_unpaid_workspace()
    {
        Harness.Fake.UpdateFaults(f => f with { PaymentRequired = true });

        var result = await Harness.RunAsync(["doctor"]);

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("paid plan", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_lists_pending_migrations_and_an_unreachable_api()
    {
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await using var command = new Npgsql.NpgsqlCommand("DELETE FROM schema_migrations WHERE version = 7; DROP TABLE instantly_leads_raw", connection);
            await command.ExecuteNonQueryAsync();
        }

        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__BaseUrl"] = "http://127.0.0.1:1/api/v2";
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__MaxRetries"] = "0";

        var result = await Harness.RunAsync(["doctor"]);

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("[FAIL] Schema: 1 pending migration(s): 0007_leads", result.Out, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", result.Out, StringComparison.Ordinal);
    }
}
