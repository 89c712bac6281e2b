using InstantlySync.Runs;

namespace InstantlySync.Cli;

/// <summary>The process exit codes scripts rely on (README, "Commands").</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run finished, but some records or entities failed (see sync_dead_letters).</summary>
    public const int PartialFailure = 1;

    public const int InvalidUsage = 2;

    /// <summary>Something the run needs is not there: valid settings, an accepted API key, a reachable database, an up-to-date schema.</summary>
    public const int PreconditionFailed = 3;

    public const int LockHeld = 4;

    /// <summary>Stopped at its time budget with work left; the next run continues from the committed watermarks.</summary>
    public const int TimedOut = 5;

    public const int Cancelled = 130;

    public static int For(RunStatus status) => status switch
    {
        RunStatus.Succeeded => Success,
        RunStatus.Partial or RunStatus.Failed => PartialFailure,
        RunStatus.Stopped => PreconditionFailed,
        RunStatus.Locked => LockHeld,
        RunStatus.Cancelled => Cancelled,
        RunStatus.Timeout => TimedOut,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
