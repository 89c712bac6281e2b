namespace InstantlySync.Sync;

/// <summary>
/// The failures that decide a run beyond its entities' own: the first that stops the run
/// (authentication, plan, database unreachable) and the first that fails it without stopping it.
/// Entities end concurrently, so both are set under a lock.
/// </summary>
internal sealed class RunFailures
{
    private readonly Lock _gate = new();

    public string? StopError { get; private set; }
    public string? RunError { get; private set; }
    public bool Any => StopError is not null || RunError is not null;

    public void Stop(string error)
    {
        lock (_gate)
        {
            StopError ??= error;
        }
    }

    public void Fail(string error)
    {
        lock (_gate)
        {
            RunError ??= error;
        }
    }
}
