using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>
/// The file tier: events of INFO and above in <c>&lt;directory&gt;/&lt;yyyy-MM-dd&gt;.jsonl</c> and of
/// ERROR and above in <c>errors/&lt;yyyy-MM-dd&gt;.log</c>, by each event's UTC date. Serilog.Sinks.Map
/// picks the day and Serilog.Sinks.File writes it (see <see cref="SharedDailyFile"/>). Sinks.File's
/// own rolling names a file by the local clock in its own form (<c>log20260302.jsonl</c>), not by the
/// event's UTC date, and prunes only names of that form; so each day is a plain file here, and
/// pruning by age is ours.
/// </summary>
internal static class DailyFiles
{
    private const string JsonlExtension = ".jsonl";
    private const string ErrorsExtension = ".log";
    private const string DateFormat = "yyyy-MM-dd";

    public static ILogEventSink Create(string directory) => LoggerSinkConfiguration.CreateSink(to =>
    {
        Daily(to, directory, JsonlExtension, new JsonlFormatter(), LogEventLevel.Information);
        Daily(to, ErrorsDirectory(directory), ErrorsExtension, new ErrorFileFormatter(), LogEventLevel.Error);
    });

    /// <summary>Deletes daily files dated more than <paramref name="retainedDays"/> days before <paramref name="today"/>.</summary>
    public static void Prune(string directory, int retainedDays, DateOnly today)
    {
        Prune(directory, JsonlExtension, today.AddDays(-retainedDays));
        Prune(ErrorsDirectory(directory), ErrorsExtension, today.AddDays(-retainedDays));
    }

    private static string ErrorsDirectory(string directory) => Path.Combine(directory, "errors");

    private static void Daily(LoggerSinkConfiguration to, string directory, string extension, ITextFormatter formatter, LogEventLevel minimum)
        => to.Map(
            logEvent => DateOnly.FromDateTime(logEvent.Timestamp.UtcDateTime),
            (date, day) => day.Sink(new SharedDailyFile(Path.Combine(directory, date.ToString(DateFormat) + extension), formatter)),
            // A run that crosses midnight writes to two days; any older day is closed.
            sinkMapCountLimit: 2,
            restrictedToMinimumLevel: minimum);

    private static void Prune(string directory, string extension, DateOnly oldestKept)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*" + extension))
        {
            var name = Path.GetFileName(file)[..^extension.Length];
            if (DateOnly.TryParseExact(name, DateFormat, out var date) && date < oldestKept)
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Pruning is housekeeping; a file in use is removed next time.
                }
            }
        }
    }
}
