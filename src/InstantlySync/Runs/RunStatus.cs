namespace InstantlySync.Runs;

/// <summary>How a run ended. The CLI maps it to an exit code; <see cref="RunStatuses.Stored"/> to the batch status.</summary>
internal enum RunStatus
{
    /// <summary>Every entity succeeded.</summary>
    Succeeded,

    /// <summary>Some records or entities failed; the rest landed.</summary>
    Partial,

    /// <summary>Every entity failed, none of them for a reason that stops the run.</summary>
    Failed,

    /// <summary>Stopped by what no retry fixes: the key refused (401/402/403 on every request), the database unreachable.</summary>
    Stopped,

    /// <summary>Another run holds the lock; nothing was done.</summary>
    Locked,

    /// <summary>SIGINT or SIGTERM: the batch in flight committed or rolled back.</summary>
    Cancelled,

    /// <summary>The time budget ran out with work left: every entity stopped after its last batch committed; the next run continues.</summary>
    Timeout,
}

internal static class RunStatuses
{
    /// <summary>The status stored in <c>sync_batches.status</c>.</summary>
    public static string Stored(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "succeeded",
        RunStatus.Partial => "partial",
        RunStatus.Failed or RunStatus.Stopped => "failed",
        RunStatus.Locked => "locked",
        RunStatus.Cancelled => "cancelled",
        RunStatus.Timeout => "timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
