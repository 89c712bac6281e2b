using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>
/// Human-readable console lines: <c>[INFO] CAMPAIGNS_END: Inserted: 4, Updated: 0</c>, led by
/// <c>[acme] </c> when several workspaces share the console.
/// </summary>
internal sealed class ConsoleFormatter(bool showWorkspace = false) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (showWorkspace && LogContext.Text(logEvent, LogContext.WorkspaceProperty) is { } workspace)
        {
            output.Write('[');
            output.Write(workspace);
            output.Write("] ");
        }

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
