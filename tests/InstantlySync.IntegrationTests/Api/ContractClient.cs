using System.Collections.Concurrent;
using InstantlySync.Api;
using InstantlySync.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// The production client pointed at a <see cref="RecordedApi"/>: the recorded page size (100),
/// limits high enough never to wait, and retry delays of milliseconds so a test takes no longer
/// than its requests.
/// </summary>
internal static class ContractClient
{
    public const string ApiKey = "contract-test-key";

    private static readonly RetryBackoff ShortBackoff = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(200));

    public static InstantlyClient Create(RecordedApi api, CapturedLog? log = null) =>
        InstantlyClient.Create(Settings(api), ApiKey, TimeProvider.System, (log ?? new CapturedLog()).Logger, ShortBackoff);

    public static InstantlySettings Settings(RecordedApi api) => new()
    {
        BaseUrl = api.BaseUrl,
        PageSize = 100,
        RequestsPerSecond = 1000,
        RequestsPerMinute = 60_000,
        EmailsRequestsPerMinute = 60_000,
        TimeoutSeconds = 10,
        MaxRetries = 3,
    };
}

/// <summary>Keeps every event the client logged, rendered, so a test can read them as a user would.</summary>
internal sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public CapturedLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> Warnings =>
        [.. _events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage())];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
