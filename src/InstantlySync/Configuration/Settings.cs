namespace InstantlySync.Configuration;

/// <summary>Everything a run needs, bound from appsettings.json, the environment and flags.</summary>
internal sealed record Settings
{
    public required InstantlySettings Instantly { get; init; }
    public required SyncSettings Sync { get; init; }
    public required LoggingSettings Logging { get; init; }

    /// <summary>The configured workspaces, in the order given; one named <c>default</c> on <c>INSTANTLY_API_KEY</c> without a <c>Workspaces</c> section.</summary>
    public IReadOnlyList<WorkspaceSettings> Workspaces { get; init; } = [new(WorkspaceSettings.DefaultName)];

    /// <summary>The top-level <c>Push</c> section; each workspace's own (<see cref="WorkspaceSettings.Push"/>) is what a push uses.</summary>
    public PushSettings Push { get; init; } = new();

    /// <summary>Bearer key from INSTANTLY_API_KEY (the admin key of a workspace group); never printed.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Npgsql connection string built from DATABASE_URL; never printed.</summary>
    public string? ConnectionString { get; init; }
}

internal sealed record InstantlySettings
{
    public string BaseUrl { get; init; } = "https://api.instantly.ai/api/v2";
    public int PageSize { get; init; } = 100;
    public int RequestsPerSecond { get; init; } = 50;
    public int RequestsPerMinute { get; init; } = 3000;
    public int EmailsRequestsPerMinute { get; init; } = 20;
    public int TimeoutSeconds { get; init; } = 90;
    public int MaxRetries { get; init; } = 6;
}

internal sealed record SyncSettings
{
    /// <summary>The largest batch <c>Sync:BatchSize</c> and <c>--batch-size</c> accept.</summary>
    public const int MaxBatchSize = 10_000;

    public int BatchSize { get; init; } = 500;

    /// <summary>Workspaces synced at the same time by one <c>sync</c> (each has its own API budget).</summary>
    public int WorkspaceConcurrency { get; init; } = 4;

    /// <summary>Why a batch size given as a flag cannot be used, or null when it can.</summary>
    public static string? BatchSizeError(int? size)
        => size is < 1 or > MaxBatchSize ? $"--batch-size must be from 1 to {MaxBatchSize} (got {size})" : null;
    public int AnalyticsLookbackDays { get; init; } = 7;
    public int EmailsOverlapMinutes { get; init; } = 10;
    public int InitialWindowDays { get; init; } = 90;
    public bool AutoMigrate { get; init; } = true;

    /// <summary>The run's time budget (<c>Sync:MaxDuration</c>, <c>--max-duration</c>); null runs until done.</summary>
    public TimeSpan? MaxDuration { get; init; }
}

/// <summary>Settings given as command-line flags: typed, already range-checked, and winning over the file and the environment.</summary>
internal sealed record SettingsOverrides(int? BatchSize = null, TimeSpan? MaxDuration = null)
{
    public static SettingsOverrides None { get; } = new();
}

internal sealed record LoggingSettings
{
    public string Directory { get; init; } = "logs";
    public int RetainedDays { get; init; } = 30;
}
