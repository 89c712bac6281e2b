using System.CommandLine;

namespace InstantlySync.Cli;

internal static class CommonOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Settings file (default: appsettings.json next to the binary, overridden by one in the current directory)",
        Recursive = true,
    };

    public static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Show what would change without writing anything",
    };
}
