using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Logging;

/// <summary>
/// The console tier: one <see cref="ConsoleFormatter"/> line per event, written to the
/// <see cref="TextWriter"/> the command was given in one <c>Write</c> and a <c>Flush</c>.
/// Hand-written because Serilog.Sinks.Console 6 writes only to <see cref="System.Console"/>'s own
/// streams (it has no TextWriter overload), so it could neither reach the writer a test passes in
/// through the CLI context nor let the CLI keep its live status line below the log lines, and
/// Serilog 4 itself ships no TextWriter sink.
/// </summary>
internal sealed class ConsoleLineSink(TextWriter output, LogEventLevel minimum, bool showBatchLines, bool showWorkspace = false) : ILogEventSink
{
    private readonly Lock _gate = new();
    private readonly ConsoleFormatter _formatter = new(showWorkspace);

    public void Emit(LogEvent logEvent)
    {
        // One line per written batch suits the files; on the console it drowns the rest unless asked for.
        if (logEvent.Level < minimum
            || (!showBatchLines && logEvent.Level < LogEventLevel.Warning && JsonlFormatter.StepOf(logEvent).EndsWith("_FETCH", StringComparison.Ordinal)))
        {
            return;
        }

        var line = new StringWriter();
        _formatter.Format(logEvent, line);
        lock (_gate)
        {
            output.Write(line.ToString());
            output.Flush();
        }
    }
}
