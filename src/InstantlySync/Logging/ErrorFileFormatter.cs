using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>Lines of the errors-only file: time, level, step, batch, message, exception.</summary>
internal sealed class ErrorFileFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        var batch = logEvent.Properties.TryGetValue(LogContext.BatchIdProperty, out var b) && b is ScalarValue { Value: not null } s
            ? s.Value.ToString()
            : "-";
        output.Write($"{logEvent.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} [{LevelNames.Of(logEvent.Level)}] {JsonlFormatter.StepOf(logEvent)} batch={batch}: ");
        output.Write(MessageText.Render(logEvent));
        output.Write(' ');
        output.Write(JsonlFormatter.MetaJson(logEvent));
        output.Write('\n');
        if (logEvent.Exception is { } exception)
        {
            output.Write("  ");
            output.Write(Redaction.Apply(exception.ToString()).Replace("\n", "\n  ", StringComparison.Ordinal));
            output.Write('\n');
        }
    }
}
