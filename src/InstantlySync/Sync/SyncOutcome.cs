using InstantlySync.Runs;

namespace InstantlySync.Sync;

/// <summary>How a sync ended: its verdict, each entity's counts, and the error stored with the batch.</summary>
internal sealed record SyncOutcome(Guid BatchId, RunStatus Result, IReadOnlyList<EntityCounts> Entities, string? Error)
{
    /// <summary>The status as stored in sync_batches and shown to users.</summary>
    public string Status => RunStatuses.Stored(Result);
}

/// <summary>What <see cref="AfterWrite"/> did: its verdict, and a summary for the sync's counts.</summary>
internal sealed record AfterWriteResult(Verdict Verdict, object Summary);

/// <summary>
/// What a sync of a workspace that wrote rows ends with, inside its run (the modeled layer's
/// update, which Sync does not know).
/// </summary>
internal delegate Task<AfterWriteResult> AfterWrite(string workspaceId, Guid batchId, Serilog.ILogger log, CancellationToken cancellationToken);
