using InstantlySync.Logging;
using InstantlySync.Storage;
using Npgsql;
using Serilog;

namespace InstantlySync.Runs;

/// <summary>What a run records in its <c>sync_batches</c> row when it starts.</summary>
internal sealed record RunRecord(string Mode, IReadOnlyList<string> Entities, DateTimeOffset? WindowStart = null, DateTimeOffset? WindowEnd = null);

/// <summary>
/// The lifecycle every command that writes shares (sync, import, transform): the run lock, or who holds it;
/// closing runs a killed process left <c>running</c>; the batch row from start to verdict. A dry
/// run takes no lock and writes no batch row. Dispose releases the lock.
/// </summary>
internal sealed class Run : IAsyncDisposable
{
    private readonly BatchStore _batches;
    private readonly TimeProvider _time;
    private readonly RunLock? _lock;

    private Run(BatchStore batches, TimeProvider time, RunLock? runLock, Guid batchId, DateTimeOffset startedAt, ILogger log, bool dryRun, Guid? holder)
    {
        _batches = batches;
        _time = time;
        _lock = runLock;
        BatchId = batchId;
        StartedAt = startedAt;
        Log = log;
        DryRun = dryRun;
        Holder = holder;
    }

    public Guid BatchId { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>The caller's logger, every event tagged with this run's batch id.</summary>
    public ILogger Log { get; }

    public bool DryRun { get; }

    /// <summary>True when another run holds the lock: nothing was recorded and nothing may be written.</summary>
    public bool LockedOut { get; private set; }

    /// <summary>The running batch of the run holding the lock, when it could be found.</summary>
    public Guid? Holder { get; }

    public static async Task<Run> BeginAsync(
        NpgsqlDataSource dataSource, string workspaceId, TimeProvider time, ILogger logger, RunRecord record, bool dryRun, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var batchId = Guid.CreateVersion7(startedAt);
        var log = logger.ForContext(LogContext.BatchIdProperty, batchId);
        var batches = new BatchStore(dataSource, workspaceId);
        if (dryRun)
        {
            return new Run(batches, time, null, batchId, startedAt, log, dryRun: true, holder: null);
        }

        var runLock = await RunLock.TryAcquireAsync(dataSource, workspaceId, cancellationToken);
        if (runLock is null)
        {
            var holder = await HolderAsync(batches, time, cancellationToken);
            return new Run(batches, time, null, batchId, startedAt, log, dryRun: false, holder) { LockedOut = true };
        }

        try
        {
            await batches.CloseAbandonedAsync(startedAt, cancellationToken);
            await batches.StartAsync(batchId, record.Mode, record.WindowStart, record.WindowEnd, record.Entities, startedAt, cancellationToken);
        }
        catch
        {
            await runLock.DisposeAsync();
            throw;
        }

        return new Run(batches, time, runLock, batchId, startedAt, log, dryRun: false, holder: null);
    }

    /// <summary>
    /// A run inside another run of the same workspace that holds its lock (the transform a sync
    /// ends with): its own batch row, no lock of its own (the holder's session has it), and no
    /// closing of abandoned runs (the holder's batch is running, and is not abandoned).
    /// </summary>
    public static async Task<Run> BeginUnderHeldLockAsync(
        NpgsqlDataSource dataSource, string workspaceId, TimeProvider time, ILogger logger, RunRecord record, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var batchId = Guid.CreateVersion7(startedAt);
        var batches = new BatchStore(dataSource, workspaceId);
        await batches.StartAsync(batchId, record.Mode, record.WindowStart, record.WindowEnd, record.Entities, startedAt, cancellationToken);
        return new Run(batches, time, null, batchId, startedAt, logger.ForContext(LogContext.BatchIdProperty, batchId), dryRun: false, holder: null);
    }

    /// <summary>Logs why the run did not start (END, at ERROR) and returns the one-line reason.</summary>
    public string ReportLockedOut(string whatRuns, string notStarted)
    {
        var message = $"{whatRuns} (batch {Holder?.ToString() ?? "unknown"}); try again when it has finished";
        Log.Phase(LogPhases.End, new { holder = Holder }).Error("{NotStarted}: {Reason}", notStarted, message);
        return message;
    }

    /// <summary>
    /// Records the verdict in the batch row and returns the run's final verdict. A database that
    /// is gone by now is logged, and the run ends as stopped by it: its rows are committed, but
    /// a run whose outcome is not recorded must not report success (the next run closes the
    /// batch row as interrupted).
    /// </summary>
    public async Task<Verdict> FinishAsync(Verdict verdict, string countsJson)
    {
        if (DryRun || LockedOut)
        {
            return verdict;
        }

        try
        {
            await _batches.FinishAsync(BatchId, RunStatuses.Stored(verdict.Status), countsJson, verdict.Error, _time.GetUtcNow());
            return verdict;
        }
        catch (NpgsqlException ex)
        {
            Log.Phase(LogPhases.End).Error(ex, "Could not record the outcome of batch {BatchId}", BatchId);
            return Database.IsConnectionFailure(ex) && verdict.Status is not (RunStatus.Cancelled or RunStatus.Stopped)
                ? new Verdict(RunStatus.Stopped, $"database unreachable: the outcome could not be recorded ({Database.Describe(ex)})")
                : verdict;
        }
    }

    public TimeSpan Elapsed => _time.GetUtcNow() - StartedAt;

    public ValueTask DisposeAsync() => _lock?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// The running batch of the lock holder. A run that has just taken the lock writes its batch
    /// row a moment later, so two runs started together would otherwise report "unknown".
    /// </summary>
    private static async Task<Guid?> HolderAsync(BatchStore batches, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var holder = await batches.LatestRunningAsync(cancellationToken);
            if (holder is not null || attempt == 20)
            {
                return holder;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
