using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Serilog.Core;
using Serilog.Events;

namespace InstantlySync.Logging;

/// <summary>
/// The database tier: only warnings, errors and the run milestones go to <c>sync_logs</c>.
/// Writes happen off the logging thread; when the database is unreachable the events are dropped
/// and the failure is reported once on the console and file tiers, never failing the sync.
/// </summary>
internal sealed class DatabaseLogSink : ILogEventSink, IDisposable
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly Action<LogEvent> _reportFailure;
    private readonly TimeProvider _time;
    private readonly Channel<LogEvent> _queue = Channel.CreateBounded<LogEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Task _writer;
    private int _failuresReported;

    /// <param name="reportFailure">Writes a warning to the other tiers (not this one).</param>
    public DatabaseLogSink(NpgsqlDataSource dataSource, TimeProvider time, Action<LogEvent> reportFailure)
    {
        _time = time;
        _dataSource = dataSource;
        _reportFailure = reportFailure;
        _writer = Task.Run(WriteLoopAsync);
    }

    public static bool Matters(LogEvent logEvent)
        => logEvent.Level >= LogEventLevel.Warning || LogPhases.Milestones.Contains(JsonlFormatter.StepOf(logEvent));

    public void Emit(LogEvent logEvent)
    {
        if (Matters(logEvent))
        {
            _queue.Writer.TryWrite(logEvent);
        }
    }

    private async Task WriteLoopAsync()
    {
        var pending = new List<LogEvent>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (_queue.Reader.TryRead(out var logEvent))
            {
                pending.Add(logEvent);
            }

            try
            {
                await WriteAsync(pending);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                ReportFailure(ex, pending.Count);
            }

            pending.Clear();
        }
    }

    private async Task WriteAsync(List<LogEvent> events)
    {
        using var timeout = new CancellationTokenSource(FlushTimeout);
        await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var logEvent in events)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO sync_logs (batch_id, level, step, message, meta, created_at, workspace_id) VALUES ($1, $2, $3, $4, $5, $6, $7)");
            var batchId = logEvent.Properties.TryGetValue(LogContext.BatchIdProperty, out var b) && b is ScalarValue { Value: Guid id } ? id : (Guid?)null;
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)batchId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = LevelNames.Of(logEvent.Level) });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonlFormatter.StepOf(logEvent) });
            command.Parameters.Add(new NpgsqlParameter { Value = MessageText.Render(logEvent) });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonlFormatter.MetaJson(logEvent), NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new NpgsqlParameter { Value = logEvent.Timestamp.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = (object?)LogContext.Text(logEvent, LogContext.WorkspaceIdProperty) ?? DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Text,
            });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(timeout.Token);
    }

    private void ReportFailure(Exception exception, int lost)
    {
        // Once per run is enough: an outage would otherwise repeat the same warning for every event.
        if (Interlocked.Exchange(ref _failuresReported, 1) == 1)
        {
            return;
        }

        var properties = new List<LogEventProperty>
        {
            new(LogContext.StepProperty, new ScalarValue("LOG_DATABASE")),
            new("Lost", new ScalarValue(lost)),
            new("Reason", new ScalarValue(exception is PostgresException pg ? pg.MessageText : exception.Message)),
        };
        _reportFailure(new LogEvent(_time.GetUtcNow(), LogEventLevel.Warning, null,
            new Serilog.Parsing.MessageTemplateParser().Parse("Could not write {Lost} log event(s) to sync_logs: {Reason}"), properties));
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        // Give the last events (END, CANCELLED) a moment to land; never hang the exit.
        _writer.Wait(FlushTimeout);
    }
}
