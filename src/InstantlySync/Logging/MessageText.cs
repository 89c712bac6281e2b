using Serilog.Events;
using Serilog.Parsing;

namespace InstantlySync.Logging;

/// <summary>
/// Renders an event's message for people and files: strings appear as they are, not quoted
/// (Serilog's default render quotes them), and every secret is redacted.
/// </summary>
internal static class MessageText
{
    public static string Render(LogEvent logEvent)
    {
        var output = new StringWriter();
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string text }
                && property.Format is null)
            {
                output.Write(text);
            }
            else
            {
                token.Render(logEvent.Properties, output);
            }
        }

        return Redaction.Apply(output.ToString());
    }
}
