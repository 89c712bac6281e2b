using InstantlySync.Entities;

namespace InstantlySync.Sync;

internal enum SyncMode
{
    Incremental,
    All,
    From,
    Last,
    Rollback,
}

/// <summary>What one <c>sync</c> invocation asks for, validated before any I/O.</summary>
internal sealed record SyncRequest
{
    public SyncMode Mode { get; init; } = SyncMode.Incremental;

    /// <summary>Window start for --from/--last (inclusive), UTC.</summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>Window end for --from/--last (inclusive end of that day), UTC.</summary>
    public DateOnly? WindowEnd { get; init; }

    /// <summary>The date every windowed watermark is rewound to, for --rollback.</summary>
    public DateOnly? RollbackTo { get; init; }

    /// <summary>The entities to sync, in catalog order.</summary>
    public IReadOnlyList<Entity> Entities { get; init; } = EntityCatalog.All;
    public bool DryRun { get; init; }

    /// <summary>The time budget given with --max-duration; it wins over <c>Sync:MaxDuration</c>.</summary>
    public TimeSpan? MaxDuration { get; init; }

    public bool IsWindowed => Mode is SyncMode.From or SyncMode.Last;

    /// <summary>The mode name stored in sync_batches.</summary>
    public string ModeName => Mode.ToString().ToLowerInvariant();

    public IReadOnlyList<string> EntityNames => Entities.Select(e => e.Name).ToList();

    public bool Includes(Reading reading) => Entities.Any(e => e.Reading == reading);
}
