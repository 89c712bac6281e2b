namespace InstantlySync.Sync;

/// <summary>How a run ended: the batch status stored in sync_batches and the process exit code.</summary>
internal sealed record SyncOutcome(Guid BatchId, string Status, int ExitCode, IReadOnlyList<EntityCounts> Entities, string? Error);
