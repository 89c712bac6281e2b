using InstantlySync.Cli;
using InstantlySync.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Logging;

/// <summary>Builds the logger of one command invocation.</summary>
internal static class RunLogger
{
    public static Logger Create(CliContext context, Settings settings, bool verbose = false, bool quiet = false)
    {
        Redaction.Register(settings.ApiKey);
        if (settings.ConnectionString is not null)
        {
            Redaction.Register(new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).Password);
        }

        var minimum = verbose ? LogEventLevel.Debug : LogEventLevel.Information;
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .WriteTo.Sink(new TextWriterSink(context.Error, new ConsoleFormatter()), quiet ? LogEventLevel.Warning : minimum)
            .CreateLogger();
    }
}

/// <summary>Writes formatted events to a TextWriter (the console, or a test's buffer).</summary>
internal sealed class TextWriterSink(TextWriter writer, Serilog.Formatting.ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
