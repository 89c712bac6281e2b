using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Logging;

/// <summary>
/// Builds the logger of one command invocation with the three tiers the README documents ("Logs, status and doctor"): console
/// lines, daily JSONL files plus an errors-only file, and <c>sync_logs</c> (when a database is given).
/// </summary>
internal static class LogTiers
{
    public static Logger Create(LogTierOptions options)
    {
        foreach (var secret in options.Secrets)
        {
            Redaction.Register(secret);
        }

        var minimum = options.Verbose ? LogEventLevel.Debug : LogEventLevel.Information;
        DailyFiles.Prune(options.Directory, options.RetainedDays, DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime));
        var consoleAndFiles = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .WriteTo.Sink(new ConsoleLineSink(options.Console, options.Quiet ? LogEventLevel.Warning : minimum, showBatchLines: options.Verbose, options.ShowWorkspace))
            .WriteTo.Sink(DailyFiles.Create(options.Directory))
            .CreateLogger();
        if (options.Database is not { } database)
        {
            return consoleAndFiles;
        }

        // The database tier reports its own failures on the other two. Sinks are disposed in the
        // order they were added: the database tier first, so its last events and any failure it
        // reports land while the console and the files are still open.
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .WriteTo.Sink(new DatabaseLogSink(database, options.Time, consoleAndFiles.Write))
            .WriteTo.Logger(consoleAndFiles, attemptDispose: true)
            .CreateLogger();
    }
}
