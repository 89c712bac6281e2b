using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using InstantlySync.Configuration;

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

    public static readonly Option<int?> BatchSize = new("--batch-size")
    {
        Description = $"Rows per upsert batch, 1-{SyncSettings.MaxBatchSize} (default 500)",
        CustomParser = WholeNumber,
    };
    public static readonly Option<string?> Workspace = new("--workspace")
    {
        Description = "Comma list of configured workspace names (default: every configured workspace)",
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Only warnings and errors on the console" };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Debug detail on the console" };

    /// <summary>
    /// Parses a whole-number flag value with an error a person can act on; the library's own
    /// names the CLR type (<c>System.Nullable`1[System.Int32]</c>).
    /// </summary>
    public static int? WholeNumber(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : "the value";
        result.AddError($"{name} must be a whole number (got '{text}')");
        return null;
    }
}
