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

    public IReadOnlyList<string> Entities { get; init; } = Sync.Entities.All;
    public bool DryRun { get; init; }

    public bool IsWindowed => Mode is SyncMode.From or SyncMode.Last;

    /// <summary>The mode name stored in sync_batches.</summary>
    public string ModeName => Mode.ToString().ToLowerInvariant();
}

internal static class Entities
{
    public const string Campaigns = "campaigns";
    public const string Accounts = "accounts";
    public const string DailyAnalytics = "daily_analytics";
    public const string Steps = "steps";
    public const string Emails = "emails";
    public const string Leads = "leads";

    public static readonly IReadOnlyList<string> All = [Campaigns, Accounts, DailyAnalytics, Steps, Emails, Leads];

    /// <summary>Entities read by a date window; their watermarks are what --rollback rewinds.</summary>
    public static readonly IReadOnlyList<string> Windowed = [DailyAnalytics, Emails];
}
