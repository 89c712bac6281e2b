using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Logging;

/// <summary>
/// Builds the logger of one command invocation with the three tiers of SPEC section 6: console
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
        var console = new ConsoleLineSink(options.Console, options.Quiet ? LogEventLevel.Warning : minimum, showBatchLines: options.Verbose);
        var errorsDirectory = Path.Combine(options.Directory, "errors");
        var today = DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
        DailyFileSink.Prune(options.Directory, ".jsonl", options.RetainedDays, today);
        DailyFileSink.Prune(errorsDirectory, ".log", options.RetainedDays, today);
        var jsonl = new DailyFileSink(options.Directory, ".jsonl", new JsonlFormatter(), LogEventLevel.Information);
        var errors = new DailyFileSink(errorsDirectory, ".log", new ErrorFileFormatter(), LogEventLevel.Error);

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .WriteTo.Sink(console)
            .WriteTo.Sink(jsonl)
            .WriteTo.Sink(errors);
        if (options.Database is { } database)
        {
            configuration = configuration.WriteTo.Sink(new DatabaseLogSink(database, options.Time, failure =>
            {
                console.Emit(failure);
                jsonl.Emit(failure);
            }));
        }

        return configuration.CreateLogger();
    }
}
