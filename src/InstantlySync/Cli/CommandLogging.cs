using InstantlySync.Configuration;
using InstantlySync.Logging;
using Npgsql;
using Serilog.Core;

namespace InstantlySync.Cli;

/// <summary>The log tiers of a command, from its context, settings and --verbose / --quiet.</summary>
internal static class CommandLogging
{
    /// <param name="console">Where console lines go; the context's error stream when null.</param>
    public static Logger Create(CliContext context, Settings settings, bool verbose, bool quiet,
        NpgsqlDataSource? database = null, TextWriter? console = null, bool showWorkspace = false)
        => LogTiers.Create(new LogTierOptions
        {
            Directory = Path.GetFullPath(settings.Logging.Directory, context.WorkingDirectory),
            RetainedDays = settings.Logging.RetainedDays,
            Console = console ?? context.Error,
            Time = context.Time,
            Verbose = verbose,
            Quiet = quiet,
            Database = database,
            ShowWorkspace = showWorkspace,
            Secrets = [settings.ApiKey, .. settings.Workspaces.Select(w => w.ApiKey), DatabasePassword(settings)],
        });

    private static string? DatabasePassword(Settings settings)
        => settings.ConnectionString is null ? null : new NpgsqlConnectionStringBuilder(settings.ConnectionString).Password;
}
