namespace InstantlySync.Logging;

/// <summary>
/// The log <em>phases</em> of a run (START, LEADS_END, …), written to every tier in the <c>step</c>
/// field. Not to be confused with a campaign step, the sequence position the steps entity counts.
/// </summary>
internal static class LogPhases
{
    public const string Start = "START";
    public const string End = "END";
    public const string Timeout = "TIMEOUT";
    public const string Cancelled = "CANCELLED";
    public const string Rollback = "ROLLBACK";
    public const string Migrate = "MIGRATE";
    public const string Import = "IMPORT";

    /// <summary>One modeled table's counts in a transform (meta: table, inserted, updated, deleted).</summary>
    public const string Transform = "TRANSFORM";

    /// <summary>The transform a sync ends with, inside the sync's run (whose own START and END frame it).</summary>
    public const string TransformStart = "TRANSFORM_START";
    public const string TransformEnd = "TRANSFORM_END";

    /// <summary>Rows written before workspaces existed attributed to one (the first run after the upgrade, or migrate --adopt).</summary>
    public const string Adopt = "ADOPT";

    public static string EntityStart(string entity) => $"{entity.ToUpperInvariant()}_START";
    public static string EntityFetch(string entity) => $"{entity.ToUpperInvariant()}_FETCH";
    public static string EntityEnd(string entity) => $"{entity.ToUpperInvariant()}_END";
    public static string EntityError(string entity) => $"{entity.ToUpperInvariant()}_ERROR";

    /// <summary>Phases that always reach the database tier, whatever their level.</summary>
    public static readonly IReadOnlySet<string> Milestones = new HashSet<string>(StringComparer.Ordinal)
    {
        Start, End, Timeout, Cancelled, Rollback,
    };
}
