using Serilog.Events;

namespace InstantlySync.Logging;

internal static class LevelNames
{
    /// <summary>The level words of the log tiers (README, "Logs, status and doctor"): INFO, WARNING, ERROR (and DEBUG for --verbose).</summary>
    public static string Of(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        _ => "ERROR",
    };
}
