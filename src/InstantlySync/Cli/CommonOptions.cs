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

    public static readonly Option<int?> BatchSize = new("--batch-size") { Description = "Rows per upsert batch, 1-10000 (default 500)" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Only warnings and errors on the console" };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Debug detail on the console" };
}
