using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>
/// Appends events to <c>&lt;directory&gt;/&lt;yyyy-MM-dd&gt;&lt;extension&gt;</c> by the event's UTC date,
/// flushing each line so a killed process loses nothing it had logged.
/// </summary>
internal sealed class DailyFileSink(string directory, string extension, ITextFormatter formatter, LogEventLevel minimum) : ILogEventSink, IDisposable
{
    private readonly Lock _gate = new();
    private StreamWriter? _writer;
    private DateOnly _date;

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < minimum)
        {
            return;
        }

        var date = DateOnly.FromDateTime(logEvent.Timestamp.UtcDateTime);
        lock (_gate)
        {
            try
            {
                if (_writer is null || date != _date)
                {
                    _writer?.Dispose();
                    Directory.CreateDirectory(directory);
                    var path = Path.Combine(directory, date.ToString("yyyy-MM-dd") + extension);
                    _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
                    _date = date;
                }

                formatter.Format(logEvent, _writer);
                _writer.Flush();
            }
            catch (IOException)
            {
                // A full or read-only disk must not fail the sync; the console still has the line.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>Deletes daily files older than <paramref name="retainedDays"/> days.</summary>
    public static void Prune(string directory, string extension, int retainedDays, DateOnly today)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*" + extension))
        {
            var name = Path.GetFileName(file)[..^extension.Length];
            if (DateOnly.TryParseExact(name, "yyyy-MM-dd", out var date) && date < today.AddDays(-retainedDays))
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
