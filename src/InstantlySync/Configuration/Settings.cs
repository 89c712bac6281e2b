namespace InstantlySync.Configuration;

/// <summary>Everything a run needs, bound from appsettings.json, the environment and flags.</summary>
internal sealed record Settings
{
    public required InstantlySettings Instantly { get; init; }
    public required SyncSettings Sync { get; init; }
    public required LoggingSettings Logging { get; init; }
    public ModelsSettings Models { get; init; } = new();

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

/// <summary>The modeled layer (README, "The modeled layer").</summary>
internal sealed partial record ModelsSettings
{
    public const string DefaultSchema = "outreach";

    /// <summary>The schema of the modeled tables and views; a plain lower-case identifier, so it is safe unquoted in SQL.</summary>
    public string Schema { get; init; } = DefaultSchema;

    /// <summary>Whether a sync that wrote rows ends by transforming its workspace (<c>--no-transform</c> skips it once).</summary>
    public bool AutoTransform { get; init; } = true;

    /// <summary>Why <paramref name="schema"/> cannot hold the modeled layer, or null when it can.</summary>
    public static string? SchemaError(string schema)
    {
        if (!SchemaName().IsMatch(schema))
        {
            return $"Models:Schema must be a lower-case identifier: a letter or '_', then letters, digits or '_', at most 63 (got '{schema}')";
        }

        return schema is "public" or "instantly_sync" or "information_schema" || schema.StartsWith("pg_", StringComparison.Ordinal)
            ? $"Models:Schema cannot be '{schema}': the modeled layer needs a schema of its own"
            : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex SchemaName();
}
