namespace InstantlySync.Runs;

/// <summary>How one entity (or imported table) ended: its status (succeeded, partial, failed, cancelled, timeout), error and failed records.</summary>
internal sealed record EntityResult(string Entity, string Status, string? Error = null, long Failed = 0);

/// <summary>A run's status and the error stored with it.</summary>
internal sealed record Verdict(RunStatus Status, string? Error);

/// <summary>The status of a run from what its entities did: a pure function, the same for sync and import.</summary>
internal static class RunVerdict
{
    /// <param name="entities">Every entity the run was asked for, finished.</param>
    /// <param name="cancelled">The run was asked to stop (SIGINT/SIGTERM).</param>
    /// <param name="stopError">The first failure that stopped the whole run (authentication, plan, database unreachable).</param>
    /// <param name="runError">A failure of the run that did not stop it (the campaign list could not be read).</param>
    public static Verdict Decide(IReadOnlyList<EntityResult> entities, bool cancelled, string? stopError = null, string? runError = null)
    {
        if (cancelled)
        {
            return new Verdict(RunStatus.Cancelled, stopError ?? runError ?? "cancelled");
        }

        if (stopError is not null)
        {
            return new Verdict(RunStatus.Stopped, stopError);
        }

        var failures = string.Join("; ", entities.Where(e => e.Error is not null && e.Status != EntityStatus.Timeout).Select(e => $"{e.Entity}: {e.Error}"));
        var unfinished = entities.Where(e => e.Status == EntityStatus.Timeout).Select(e => e.Entity).ToList();
        if (unfinished.Count > 0)
        {
            // Work is left, so the exit code must say "run again" even when something else failed too.
            var left = $"stopped at the time budget; not finished: {string.Join(", ", unfinished)}";
            var also = runError ?? failures;
            return new Verdict(RunStatus.Timeout, also.Length > 0 ? $"{left}; {also}" : left);
        }

        if (runError is null && entities.All(e => e.Status == EntityStatus.Succeeded))
        {
            return new Verdict(RunStatus.Succeeded, null);
        }

        var status = entities.All(e => e.Status == EntityStatus.Failed) ? RunStatus.Failed : RunStatus.Partial;
        var error = runError ?? failures;
        return new Verdict(status, error.Length > 0 ? error : $"{entities.Sum(e => e.Failed)} record(s) failed; see sync_dead_letters");
    }
}
