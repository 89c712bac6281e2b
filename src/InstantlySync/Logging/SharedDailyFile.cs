using System.Security.Cryptography;
using System.Text;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace InstantlySync.Logging;

/// <summary>
/// One daily file, written by Serilog.Sinks.File in shared mode: unbuffered, so every line reaches the
/// OS as it is logged (a killed process loses nothing it logged), and before each line the sink takes
/// a named mutex and seeks to the end, so two runs appending to the same day keep each other's lines.
/// The seek matters because .NET opens <c>FileMode.Append</c> without <c>O_APPEND</c> on Linux: two
/// plain appenders write over each other's lines.
/// <para>
/// The extra lock here exists because .NET scopes a named mutex to the login session on Linux (and
/// other Unix systems), and runs started by cron, systemd or two terminals are in different sessions.
/// Measured: two processes in separate sessions (<c>setsid</c>) writing 3,000 lines each through
/// Sinks.File's shared mode left 3,987 lines, 189 of them torn; with the same lock taken in the
/// machine-wide namespace (<c>Global\</c>) around each line, all 6,000 lines were whole. Where that
/// lock cannot be created, Sinks.File's own is what remains.
/// </para>
/// A full or unwritable disk never fails the run: Serilog catches a failing sink and reports it to
/// its SelfLog, and Sinks.File stands in a sink that drops the lines for a file it cannot open.
/// </summary>
internal sealed class SharedDailyFile : ILogEventSink, IDisposable
{
    // Long enough for any line; a holder stopped (not killed) must not stop this run's logging.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogEventSink _file;
    private readonly Mutex? _lock;

    public SharedDailyFile(string path, ITextFormatter formatter)
    {
        _file = LoggerSinkConfiguration.CreateSink(to => to.File(formatter, path, fileSizeLimitBytes: null, buffered: false, shared: true));
        _lock = MachineWideLock(path);
    }

    public void Emit(LogEvent logEvent)
    {
        var held = Acquire();
        try
        {
            _file.Emit(logEvent);
        }
        finally
        {
            if (held)
            {
                _lock!.ReleaseMutex();
            }
        }
    }

    public void Dispose()
    {
        (_file as IDisposable)?.Dispose();
        _lock?.Dispose();
    }

    private bool Acquire()
    {
        if (_lock is null)
        {
            return false;
        }

        try
        {
            return _lock.WaitOne(LockTimeout);
        }
        catch (AbandonedMutexException)
        {
            // A run killed while writing a line left the lock; it is ours now.
            return true;
        }
    }

    private static Mutex? MachineWideLock(string path)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path))));
        try
        {
            return new Mutex(false, @"Global\instantly-sync-log-" + hash[..32]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException)
        {
            return null;
        }
    }
}
