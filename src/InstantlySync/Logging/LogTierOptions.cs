using Npgsql;

namespace InstantlySync.Logging;

/// <summary>What the three log tiers of one command need, as plain values.</summary>
internal sealed record LogTierOptions
{
    /// <summary>Absolute folder of the daily files.</summary>
    public required string Directory { get; init; }

    /// <summary>Daily files older than this many days are deleted when the logger is built.</summary>
    public required int RetainedDays { get; init; }

    /// <summary>Where console lines go, one <c>Write</c> and <c>Flush</c> per event.</summary>
    public required TextWriter Console { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Debug events too, and one console line per written batch.</summary>
    public bool Verbose { get; init; }

    /// <summary>Only warnings and errors on the console; the files keep everything.</summary>
    public bool Quiet { get; init; }

    /// <summary>The database tier (<c>sync_logs</c>); none when null.</summary>
    public NpgsqlDataSource? Database { get; init; }

    /// <summary>Console lines name their workspace (several are configured).</summary>
    public bool ShowWorkspace { get; init; }

    /// <summary>Values redacted from every tier (the API keys, the database password).</summary>
    public IReadOnlyList<string?> Secrets { get; init; } = [];
}
