using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>
/// One JSON object per line with exactly the fields the README documents ("Logs, status and doctor"):
/// <c>batch_id</c>, <c>timestamp</c>, <c>level</c>, <c>step</c>, <c>message</c>, <c>meta</c>, and
/// <c>workspace</c> (the configured name) on every line that belongs to a workspace.
/// </summary>
internal sealed class JsonlFormatter : ITextFormatter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (logEvent.Properties.TryGetValue(LogContext.BatchIdProperty, out var batch) && batch is ScalarValue { Value: not null } b)
            {
                json.WriteString("batch_id", b.Value.ToString());
            }
            else
            {
                json.WriteNull("batch_id");
            }

            json.WriteString("timestamp", logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            json.WriteString("level", LevelNames.Of(logEvent.Level));
            json.WriteString("step", StepOf(logEvent));
            json.WriteString("message", MessageText.Render(logEvent));
            json.WritePropertyName("meta");
            WriteMeta(json, logEvent);
            if (LogContext.Text(logEvent, LogContext.WorkspaceProperty) is { } workspace)
            {
                json.WriteString("workspace", workspace);
            }

            json.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    public static string StepOf(LogEvent logEvent)
        => logEvent.Properties.TryGetValue(LogContext.StepProperty, out var step) && step is ScalarValue { Value: string name }
            ? name
            : "LOG";

    /// <summary>The event's meta object as JSON text (also what the database tier stores).</summary>
    public static string MetaJson(LogEvent logEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            WriteMeta(json, logEvent);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteMeta(Utf8JsonWriter json, LogEvent logEvent)
    {
        json.WriteStartObject();
        if (logEvent.Properties.TryGetValue(LogContext.MetaProperty, out var meta))
        {
            switch (meta)
            {
                case StructureValue structure:
                    foreach (var property in structure.Properties)
                    {
                        json.WritePropertyName(property.Name);
                        WriteValue(json, property.Value);
                    }

                    break;
                case DictionaryValue dictionary:
                    foreach (var (key, value) in dictionary.Elements)
                    {
                        json.WritePropertyName(key.Value?.ToString() ?? "");
                        WriteValue(json, value);
                    }

                    break;
                default:
                    json.WritePropertyName("value");
                    WriteValue(json, meta);
                    break;
            }
        }

        if (logEvent.Exception is { } exception)
        {
            json.WriteString("error", Redaction.Apply(exception.Message));
            json.WriteString("error_type", exception.GetType().Name);
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                json.WriteNullValue();
                break;
            case ScalarValue { Value: bool b }:
                json.WriteBooleanValue(b);
                break;
            case ScalarValue { Value: int or long or short or byte or uint or ulong } s:
                json.WriteNumberValue(Convert.ToInt64(s.Value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ScalarValue { Value: double or float or decimal } s:
                json.WriteNumberValue(Convert.ToDouble(s.Value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ScalarValue { Value: DateTimeOffset d }:
                json.WriteStringValue(d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
                break;
            case ScalarValue { Value: DateTime d }:
                json.WriteStringValue(d.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
                break;
            case ScalarValue s:
                json.WriteStringValue(Redaction.Apply(s.Value!.ToString() ?? ""));
                break;
            case SequenceValue sequence:
                json.WriteStartArray();
                foreach (var element in sequence.Elements)
                {
                    WriteValue(json, element);
                }

                json.WriteEndArray();
                break;
            case StructureValue structure:
                json.WriteStartObject();
                foreach (var property in structure.Properties)
                {
                    json.WritePropertyName(property.Name);
                    WriteValue(json, property.Value);
                }

                json.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                json.WriteStartObject();
                foreach (var (key, element) in dictionary.Elements)
                {
                    json.WritePropertyName(key.Value?.ToString() ?? "");
                    WriteValue(json, element);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteStringValue(Redaction.Apply(value.ToString()));
                break;
        }
    }
}
