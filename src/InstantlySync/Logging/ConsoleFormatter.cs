using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>Human-readable console lines: <c>[INFO] CAMPAIGNS_END: Inserted: 4, Updated: 0</c>.</summary>
internal sealed class ConsoleFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write('[');
        output.Write(LevelNames.Of(logEvent.Level));
        output.Write("] ");
        if (logEvent.Properties.TryGetValue(LogContext.StepProperty, out var step) && step is ScalarValue { Value: string name })
        {
            output.Write(name);
            output.Write(": ");
        }

        output.Write(MessageText.Render(logEvent));
        if (logEvent.Exception is { } exception && logEvent.Level >= LogEventLevel.Error)
        {
            output.Write(" (");
            output.Write(Redaction.Apply(exception.Message));
            output.Write(')');
        }

        output.WriteLine();
    }
}
