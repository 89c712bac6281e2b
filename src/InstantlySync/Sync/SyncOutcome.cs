using InstantlySync.Runs;

namespace InstantlySync.Sync;

/// <summary>How a sync ended: its verdict, each entity's counts, and the error stored with the batch.</summary>
internal sealed record SyncOutcome(Guid BatchId, RunStatus Result, IReadOnlyList<EntityCounts> Entities, string? Error)
{
    /// <summary>The status as stored in sync_batches and shown to users.</summary>
    public string Status => RunStatuses.Stored(Result);
}

/// <summary>
/// What a sync of a workspace that wrote rows ends with, while it still holds the workspace's lock
/// (the modeled layer's update, which Sync does not know): its verdict.
/// </summary>
internal delegate Task<Verdict> AfterWrite(string workspaceId, Serilog.ILogger log, CancellationToken cancellationToken);
