using InstantlySync.Logging;
using Npgsql;

namespace InstantlySync.Tests.Logging;

/// <summary>The tiers together: what reaches the console, and how a database outage is reported.</summary>
public sealed class LogTiersTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("isync-logtiers-").FullName;
    private readonly StringWriter _console = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_unreachable_database_is_reported_once_on_the_console_and_in_the_jsonl_file()
    {
        // Nothing listens on port 1: every write to sync_logs fails at once.
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2;Pooling=false");

        await using (var logger = LogTiers.Create(Options() with { Database = unreachable }))
        {
            logger.Phase(LogPhases.Start).Information("Sync {Mode}", "incremental");
            logger.Phase(LogPhases.End).Information("Sync {Status}", "succeeded");
        }

        var reports = _console.ToString().Split('\n').Where(l => l.Contains("to sync_logs", StringComparison.Ordinal)).ToList();
        var report = Assert.Single(reports);
        Assert.StartsWith("[WARNING] LOG_DATABASE: Could not write", report, StringComparison.Ordinal);
        var jsonl = File.ReadAllText(Directory.EnumerateFiles(_directory, "*.jsonl").Single());
        Assert.Contains("\"step\":\"LOG_DATABASE\"", jsonl, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiet_keeps_warnings_and_errors_on_the_console_and_everything_in_the_file()
    {
        using (var logger = LogTiers.Create(Options() with { Quiet = true }))
        {
            logger.Phase("LEADS_END").Information("Inserted: {Inserted}", 3);
            logger.Phase("EMAILS_END").Warning("Skipped: {Reason}", "forbidden");
        }

        Assert.Equal("[WARNING] EMAILS_END: Skipped: forbidden\n", _console.ToString());
        Assert.Equal(2, File.ReadAllLines(Directory.EnumerateFiles(_directory, "*.jsonl").Single()).Length);
    }

    [Fact]
    public void Batch_lines_reach_the_console_only_when_verbose()
    {
        using (var logger = LogTiers.Create(Options()))
        {
            logger.Phase("LEADS_FETCH").Information("Page {Page}", 1);
        }

        var verboseConsole = new StringWriter();
        using (var logger = LogTiers.Create(Options() with { Console = verboseConsole, Verbose = true }))
        {
            logger.Phase("LEADS_FETCH").Information("Page {Page}", 2);
        }

        Assert.Equal("", _console.ToString());
        Assert.Equal("[INFO] LEADS_FETCH: Page 2\n", verboseConsole.ToString());
    }

    private LogTierOptions Options() => new() { Directory = _directory, RetainedDays = 30, Console = _console };
}
