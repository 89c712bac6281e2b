using Serilog;

namespace InstantlySync.Logging;

/// <summary>Attaches the documented <c>step</c> (a log phase) and <c>meta</c> fields to a log event.</summary>
internal static class LogContext
{
    public const string StepProperty = "Step";
    public const string MetaProperty = "Meta";
    public const string BatchIdProperty = "BatchId";

    /// <summary>The configured name of the workspace an event belongs to (the JSONL <c>workspace</c> field).</summary>
    public const string WorkspaceProperty = "Workspace";

    /// <summary>Its Instantly id (the <c>sync_logs.workspace_id</c> column).</summary>
    public const string WorkspaceIdProperty = "WorkspaceId";

    /// <summary>The logger for everything that belongs to one workspace: its name, and its id once known.</summary>
    public static ILogger ForWorkspace(this ILogger logger, string name, string? id = null)
    {
        var named = logger.ForContext(WorkspaceProperty, name);
        return id is null ? named : named.ForContext(WorkspaceIdProperty, id);
    }

    /// <summary>A string property of the event, or null.</summary>
    public static string? Text(Serilog.Events.LogEvent logEvent, string property)
        => logEvent.Properties.TryGetValue(property, out var value) && value is Serilog.Events.ScalarValue { Value: string text } ? text : null;

    public static ILogger Phase(this ILogger logger, string phase, object? meta = null)
    {
        var withStep = logger.ForContext(StepProperty, phase);
        return meta is null ? withStep : withStep.ForContext(MetaProperty, meta, destructureObjects: true);
    }
}
