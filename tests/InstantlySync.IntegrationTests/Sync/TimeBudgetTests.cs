using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Sync;

/// <summary>
/// README, "Runs that fit their schedule": <c>sync --max-duration</c> against a workspace whose
/// email backlog takes far longer than the budget. The run stops at the budget with exit 5 and
/// status timeout, keeps what it committed, and the next run finishes the job without refetching
/// more than the usual overlap.
/// </summary>
public sealed class TimeBudgetTests : HarnessTest
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    // 20,000 emails at 50 a page are 400 requests to GET /emails, one after the other along the
    // cursor; at 20 ms each they take 8 s or more whatever the rate limits allow: twice the budget.
    protected override FakeOptions Workspace => new()
    {
        Seed = 13,
        Campaigns = 4,
        Accounts = 5,
        Leads = 6_000,
        Emails = 20_000,
        Days = 30,
        EmailsRequestsPerMinute = 600,
        Faults = new FakeFaults { LatencyMs = 20 },
    };

    [Fact]
    public async Task A_budgeted_run_stops_at_its_budget_with_exit_5_and_the_next_run_finishes_equal_to_the_oracle()
    {
        var clock = Stopwatch.StartNew();
        var first = await Harness.SyncAsync("--all", "--max-duration", "4s");
        var elapsed = clock.Elapsed;

        Assert.True(first.ExitCode == ExitCodes.TimedOut, first.All);
        // The budget plus the batch being written (and the process's own start-up).
        Assert.True(elapsed < Budget + TimeSpan.FromSeconds(3), $"the run took {elapsed.TotalSeconds:0.0} s for a {Budget.TotalSeconds} s budget");
        Assert.Contains("TIMEOUT", first.All, StringComparison.Ordinal);

        var (status, counts) = await Harness.LastBatchAsync();
        Assert.Equal("timeout", status);
        var emails = counts.GetProperty("emails");
        Assert.Equal("timeout", emails.GetProperty("status").GetString());
        var reached = DateTime.Parse(emails.GetProperty("reached").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var watermark = (await Harness.WatermarksAsync())["emails"];
        Assert.Equal(reached, watermark);

        // What was committed is whole and no watermark claims more than the data holds.
        Assert.Empty(await Oracle.WatermarkDifferencesAsync(Harness.Fake, Database.DataSource));
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_emails_raw");
        Assert.InRange(stored, 1, Harness.Fake.Workspace.EmailCount - 1);

        // TIMEOUT at WARNING, last, in the JSONL file and in sync_logs.
        var batchId = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM sync_batches ORDER BY started_at DESC LIMIT 1");
        var lines = JsonlLines().Where(l => l.GetProperty("batch_id").GetString() == batchId.ToString()).ToList();
        Assert.Equal(("WARNING", "TIMEOUT"), (lines[^1].GetProperty("level").GetString(), lines[^1].GetProperty("step").GetString()));
        Assert.DoesNotContain(lines, l => l.GetProperty("step").GetString() == "END");
        Assert.Equal("WARNING", await connection.ExecuteScalarAsync<string>(
            "SELECT level FROM sync_logs WHERE batch_id = @batchId AND step = 'TIMEOUT'", new { batchId }));

        // The next run, without a budget, reads only what is left plus the usual overlap.
        var overlapped = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM instantly_emails_raw WHERE timestamp_created >= @from", new { from = watermark!.Value.AddMinutes(-10) });
        var second = await Harness.SyncAsync();

        Assert.True(second.ExitCode == ExitCodes.Success, second.All);
        Assert.Empty(await Harness.DifferencesAsync());
        var (_, secondCounts) = await Harness.LastBatchAsync();
        var left = Harness.Fake.Workspace.EmailCount - stored;
        Assert.Equal(left + overlapped, secondCounts.GetProperty("emails").GetProperty("fetched").GetInt64());
    }

    [Fact]
    public async Task Status_shows_the_timed_out_run_and_how_far_each_entity_got()
    {
        var run = await Harness.SyncAsync("--all", "--entities", "emails", "--max-duration", "3s");
        Assert.True(run.ExitCode == ExitCodes.TimedOut, run.All);
        var watermark = (await Harness.WatermarksAsync())["emails"]!.Value;

        var table = await Harness.RunAsync(["status"]);
        var json = await Harness.RunAsync(["status", "--json"]);

        Assert.Contains("Where timed-out run", table.Out, StringComparison.Ordinal);
        Assert.Contains(watermark.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), table.Out, StringComparison.Ordinal);
        Assert.Contains("the next run continues from there", table.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var last = document.RootElement.GetProperty("runs")[0];
        Assert.Equal("timeout", last.GetProperty("status").GetString());
        Assert.Equal("timeout", last.GetProperty("counts").GetProperty("emails").GetProperty("status").GetString());
        Assert.Equal(watermark.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            last.GetProperty("counts").GetProperty("emails").GetProperty("reached").GetString());
    }

    [Fact]
    public async Task The_job_summary_says_what_is_left()
    {
        var summary = Path.Combine(Harness.LogDirectory, "summary.md");
        Harness.ExtraEnvironment[StepSummary.Variable] = summary;

        var run = await Harness.SyncAsync("--all", "--entities", "emails,accounts", "--max-duration", "3s");

        Assert.True(run.ExitCode == ExitCodes.TimedOut, run.All);
        var text = await File.ReadAllTextAsync(summary);
        Assert.Contains(": timeout", text, StringComparison.Ordinal);
        Assert.Contains("- emails: stopped at the time budget; reached ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("- accounts", text, StringComparison.Ordinal);
    }

    private List<JsonElement> JsonlLines()
    {
        var file = Path.Combine(Harness.LogDirectory, $"{DateTime.UtcNow:yyyy-MM-dd}.jsonl");
        return File.ReadAllLines(file).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }
}
