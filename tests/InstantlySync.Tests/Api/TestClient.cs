using System.Collections.Concurrent;
using InstantlySync.Api;
using InstantlySync.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Tests.Api;

/// <summary>Builds clients the way production does, with delays shrunk so tests stay fast.</summary>
internal static class TestClient
{
    public const string ApiKey = "sk_live_Zm9vYmFyOnNlY3JldC1rZXktdmFsdWU";

    public static readonly RetryBackoff FastBackoff = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(3));

    public static InstantlySettings Settings(TestApiServer server, int maxRetries = 3, int pageSize = 2) => new()
    {
        BaseUrl = server.BaseUrl,
        PageSize = pageSize,
        RequestsPerSecond = 1000,
        RequestsPerMinute = 60_000,
        EmailsRequestsPerMinute = 60_000,
        TimeoutSeconds = 5,
        MaxRetries = maxRetries,
    };

    public static InstantlyClient Create(TestApiServer server, int maxRetries = 3, int pageSize = 2) =>
        Create(Settings(server, maxRetries, pageSize), new CapturedLog());

    public static InstantlyClient Create(InstantlySettings settings, CapturedLog log) =>
        InstantlyClient.Create(settings, ApiKey, TimeProvider.System, log.Logger, FastBackoff);
}

/// <summary>Keeps every log event so tests can assert on what was (and was not) logged.</summary>
internal sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public CapturedLog() =>
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Each event rendered with its properties, as a file sink would write it.</summary>
    public IEnumerable<string> Rendered() =>
        Events.Select(e => e.RenderMessage() + " " + string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}")));
}
