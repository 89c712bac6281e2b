using System.Text.RegularExpressions;

namespace InstantlySync.Configuration;

/// <summary>
/// How <c>push</c> keeps a workspace's campaigns stocked from the user's lead pool: the source
/// view, the ordered segments, and the caps. The top-level <c>Push</c> section applies to every
/// workspace; a workspace's own <c>Workspaces:N:Push</c> section replaces the settings it names
/// (its <c>Segments</c>, when given, replace the list as a whole: campaigns belong to one workspace).
/// </summary>
internal sealed partial record PushSettings
{
    public const string DefaultSourceViewName = "lead_pool";
    public const string DefaultSourceView = $"{ModelsSettings.DefaultSchema}.{DefaultSourceViewName}";

    /// <summary>A table or view in the same database, one row per candidate, with a column <c>email</c>.</summary>
    public string SourceView { get; init; } = DefaultSourceView;

    /// <summary>Candidates go to the first segment whose <c>Where</c> holds.</summary>
    public IReadOnlyList<PushSegment> Segments { get; init; } = [];

    public int NewLeadsPerRun { get; init; } = 100;
    public int InventoryCap { get; init; } = 24_000;
    public int CooldownDays { get; init; } = 90;
    public int MaxDrainPerRun { get; init; } = 1_000;
    public bool DrainReplied { get; init; }
    public bool SyncBlockList { get; init; } = true;

    /// <summary><c>name</c> or <c>schema.name</c>, each part an unquoted SQL identifier (as PostgreSQL folds it: lower case).</summary>
    public static bool IsValidSourceView(string value) => SourceViewPattern().IsMatch(value);

    [GeneratedRegex("^([a-z_][a-z0-9_$]{0,62}\\.)?[a-z_][a-z0-9_$]{0,62}$")]
    private static partial Regex SourceViewPattern();
}

/// <summary>One segment: the candidates whose <see cref="Where"/> holds (all when null) go to <see cref="Campaign"/>.</summary>
/// <param name="Name">Names the segment in plans, logs and errors.</param>
/// <param name="Campaign">The Instantly campaign id, in the workspace being pushed.</param>
/// <param name="Where">An SQL predicate over the source view's columns; null for every candidate.</param>
internal sealed record PushSegment(string Name, string Campaign, string? Where);
