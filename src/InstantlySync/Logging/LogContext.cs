using Serilog;

namespace InstantlySync.Logging;

/// <summary>Attaches the documented <c>step</c> (a log phase) and <c>meta</c> fields to a log event.</summary>
internal static class LogContext
{
    public const string StepProperty = "Step";
    public const string MetaProperty = "Meta";
    public const string BatchIdProperty = "BatchId";

    public static ILogger Phase(this ILogger logger, string phase, object? meta = null)
    {
        var withStep = logger.ForContext(StepProperty, phase);
        return meta is null ? withStep : withStep.ForContext(MetaProperty, meta, destructureObjects: true);
    }
}
