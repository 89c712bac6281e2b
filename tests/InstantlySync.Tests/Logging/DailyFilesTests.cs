using System.Text.Json;
using InstantlySync.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace InstantlySync.Tests.Logging;

/// <summary>The file tier: one JSONL file per UTC day, errors beside it, old days pruned.</summary>
public sealed class DailyFilesTests : IDisposable
{
    private static readonly DateTimeOffset Today = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("isync-logtests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ErrorsDirectory => Path.Combine(_directory, "errors");

    [Fact]
    public void Each_event_lands_in_the_file_named_for_its_utc_date()
    {
        // Late evening in New York is already the next day in UTC; early morning in Tokyo is still the day before.
        var newYork = Event(new DateTimeOffset(2026, 3, 1, 21, 30, 0, TimeSpan.FromHours(-5)), "late in New York");
        var tokyo = Event(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(9)), "early in Tokyo");

        using (var logger = Create())
        {
            logger.Write(newYork);
            logger.Write(tokyo);
        }

        Assert.Equal(["2026-03-01.jsonl", "2026-03-02.jsonl"], FileNames(_directory));
        Assert.Equal(Formatted(tokyo), File.ReadAllText(Path.Combine(_directory, "2026-03-01.jsonl")));
        Assert.Equal(Formatted(newYork), File.ReadAllText(Path.Combine(_directory, "2026-03-02.jsonl")));
    }

    [Fact]
    public void Only_errors_reach_the_errors_file_and_the_jsonl_file_has_every_level()
    {
        using (var logger = Create())
        {
            logger.Write(Event(Today, "fetched", LogEventLevel.Information));
            logger.Write(Event(Today, "retrying", LogEventLevel.Warning));
            logger.Write(Event(Today, "page refused", LogEventLevel.Error));
            logger.Write(Event(Today, "database gone", LogEventLevel.Fatal));
        }

        var jsonl = File.ReadAllLines(Path.Combine(_directory, "2026-03-02.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("level").GetString());
        Assert.Equal(["INFO", "WARNING", "ERROR", "ERROR"], jsonl);
        Assert.Equal(["2026-03-02.log"], FileNames(ErrorsDirectory));
        var errors = File.ReadAllLines(Path.Combine(ErrorsDirectory, "2026-03-02.log"));
        Assert.Equal(2, errors.Length);
        Assert.Contains("page refused", errors[0], StringComparison.Ordinal);
        Assert.Contains("database gone", errors[1], StringComparison.Ordinal);
        Assert.All(errors, line => Assert.Contains("[ERROR]", line, StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_is_in_the_file_as_soon_as_it_is_logged()
    {
        using var logger = Create();

        logger.Write(Event(Today, "START"));

        // Read while the logger is still open: a process killed now has lost nothing it logged.
        Assert.Contains("START", File.ReadAllText(Path.Combine(_directory, "2026-03-02.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_appending_to_the_same_day_keep_every_line_whole()
    {
        const int Lines = 1000;
        using var first = Create();
        using var second = Create();

        // Taking turns: each run must append after the other's last line, not where its own left off.
        for (var i = 0; i < Lines; i++)
        {
            WriteMany(first, "first", 1);
            WriteMany(second, "second", 1);
        }

        // At once: no line may tear another.
        await Task.WhenAll(
            Task.Run(() => WriteMany(first, "first", Lines)),
            Task.Run(() => WriteMany(second, "second", Lines)));

        var messages = File.ReadAllLines(Path.Combine(_directory, "2026-03-02.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("message").GetString()!)
            .ToList();
        Assert.Equal(4 * Lines, messages.Count);
        Assert.Equal(2 * Lines, messages.Count(m => m.StartsWith("first ", StringComparison.Ordinal)));
        Assert.Equal(2 * Lines, messages.Count(m => m.StartsWith("second ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Files_older_than_the_retention_are_deleted_when_a_logger_is_built_and_the_rest_kept()
    {
        Directory.CreateDirectory(ErrorsDirectory);
        foreach (var name in new[] { "2026-01-30.jsonl", "2026-01-31.jsonl", "2026-02-01.jsonl", "2026-03-01.jsonl", "notes.jsonl", "summary.md" })
        {
            File.WriteAllText(Path.Combine(_directory, name), "{}\n");
        }

        foreach (var name in new[] { "2026-01-31.log", "2026-02-01.log" })
        {
            File.WriteAllText(Path.Combine(ErrorsDirectory, name), "old\n");
        }

        // 2026-03-02 minus 30 days is 2026-01-31: that day is kept, the days before it go.
        using (Create(retainedDays: 30))
        {
        }

        Assert.Equal(["2026-01-31.jsonl", "2026-02-01.jsonl", "2026-03-01.jsonl", "notes.jsonl", "summary.md"], FileNames(_directory));
        Assert.Equal(["2026-01-31.log", "2026-02-01.log"], FileNames(ErrorsDirectory));
    }

    [Fact]
    public void A_log_directory_that_cannot_be_created_leaves_the_console_line_and_throws_nothing()
    {
        var blocked = Path.Combine(_directory, "a-file");
        File.WriteAllText(blocked, "");
        var console = new StringWriter();

        using (var logger = LogTiers.Create(new LogTierOptions { Directory = Path.Combine(blocked, "logs"), RetainedDays = 30, Console = console, Time = new FixedTime(Today) }))
        {
            logger.Write(Event(Today, "still running", LogEventLevel.Error));
        }

        Assert.Equal("[ERROR] still running\n", console.ToString());
    }

    private Logger Create(int retainedDays = 30)
        => LogTiers.Create(new LogTierOptions { Directory = _directory, RetainedDays = retainedDays, Console = TextWriter.Null, Time = new FixedTime(Today) });

    private static void WriteMany(Logger logger, string writer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            logger.Write(Event(Today, $"{writer} {i} {new string('x', 300)}"));
        }
    }

    private static LogEvent Event(DateTimeOffset timestamp, string message, LogEventLevel level = LogEventLevel.Information)
        => new(timestamp, level, null, new MessageTemplateParser().Parse("{Text}"), [new LogEventProperty("Text", new ScalarValue(message))]);

    private static string Formatted(LogEvent logEvent)
    {
        var text = new StringWriter();
        new JsonlFormatter().Format(logEvent, text);
        return text.ToString();
    }

    private static List<string> FileNames(string directory)
        => Directory.EnumerateFiles(directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
