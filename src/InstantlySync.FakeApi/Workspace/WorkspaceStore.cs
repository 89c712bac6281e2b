namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Guards the workspace: many concurrent readers (the sync pages entities in parallel), one
/// writer (a clock advance or a write request). Readers serialise their whole response under the read lock, so a
/// page never mixes data from before and after an advance. The lock is thread-affine, so callers
/// do only synchronous work inside it and write to the network afterwards.
/// </summary>
internal sealed class WorkspaceStore(WorkspaceData data, FakeOptions options) : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public T Read<T>(Func<WorkspaceData, T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read(data);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>A change through the API's write side (bulk add, delete, block list), under the write lock.</summary>
    public T Write<T>(Func<WorkspaceData, T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            return write(data);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public FakeAdvance Advance(TimeSpan by)
    {
        _lock.EnterWriteLock();
        try
        {
            return ClockAdvancer.Advance(data, options, by);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose() => _lock.Dispose();
}
