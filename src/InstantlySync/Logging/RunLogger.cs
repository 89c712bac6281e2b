using InstantlySync.Cli;
using InstantlySync.Configuration;
using Npgsql;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Logging;

/// <summary>
/// Builds the logger of one command invocation with the three tiers of SPEC section 6: console
/// lines, daily JSONL files plus an errors-only file, and <c>sync_logs</c> (when a database is given).
/// </summary>
internal static class RunLogger
{
    public static Logger Create(CliContext context, Settings settings, bool verbose = false, bool quiet = false,
        NpgsqlDataSource? database = null, ConsoleStatusLine? statusLine = null)
    {
        Redaction.Register(settings.ApiKey);
        if (settings.ConnectionString is not null)
        {
            Redaction.Register(new NpgsqlConnectionStringBuilder(settings.ConnectionString).Password);
        }

        var minimum = verbose ? LogEventLevel.Debug : LogEventLevel.Information;
        var console = new TextWriterSink(statusLine ?? new ConsoleStatusLine(context.Error, enabled: false), new ConsoleFormatter(),
            quiet ? LogEventLevel.Warning : minimum, showBatchLines: verbose);
        var directory = Path.GetFullPath(settings.Logging.Directory, context.WorkingDirectory);
        var errorsDirectory = Path.Combine(directory, "errors");
        var today = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        DailyFileSink.Prune(directory, ".jsonl", settings.Logging.RetainedDays, today);
        DailyFileSink.Prune(errorsDirectory, ".log", settings.Logging.RetainedDays, today);
        var jsonl = new DailyFileSink(directory, ".jsonl", new JsonlFormatter(), LogEventLevel.Information);
        var errors = new DailyFileSink(errorsDirectory, ".log", new ErrorFileFormatter(), LogEventLevel.Error);

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .WriteTo.Sink(console)
            .WriteTo.Sink(jsonl)
            .WriteTo.Sink(errors);
        if (database is not null)
        {
            configuration = configuration.WriteTo.Sink(new DatabaseLogSink(database, context.Time, failure =>
            {
                console.Emit(failure);
                jsonl.Emit(failure);
            }));
        }

        return configuration.CreateLogger();
    }
}

/// <summary>Writes formatted events to the console (or a test's buffer), above any live status line.</summary>
internal sealed class TextWriterSink(ConsoleStatusLine line, Serilog.Formatting.ITextFormatter formatter, LogEventLevel minimum, bool showBatchLines = true) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        // One line per written batch suits the files; on the console it drowns the rest unless asked for.
        if (logEvent.Level < minimum
            || (!showBatchLines && logEvent.Level < LogEventLevel.Warning && JsonlFormatter.StepOf(logEvent).EndsWith("_FETCH", StringComparison.Ordinal)))
        {
            return;
        }

        var text = new StringWriter();
        formatter.Format(logEvent, text);
        line.WriteLine(text.ToString());
    }
}
