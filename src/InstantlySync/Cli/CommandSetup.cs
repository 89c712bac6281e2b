using System.CommandLine;
using InstantlySync.Configuration;

namespace InstantlySync.Cli;

/// <summary>Loads settings for a command and reports every problem at once (exit 3).</summary>
internal static class CommandSetup
{
    public static async Task<Settings?> LoadSettingsAsync(
        ParseResult parseResult,
        CliContext context,
        SettingsNeeds needs,
        IReadOnlyDictionary<string, string?>? flagOverrides = null)
    {
        var result = SettingsLoader.Load(
            parseResult.GetValue(CommonOptions.Config),
            context.Environment,
            flagOverrides ?? new Dictionary<string, string?>(),
            needs,
            context.WorkingDirectory);
        if (result.IsValid)
        {
            return result.Settings;
        }

        foreach (var error in result.Errors)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {error}");
        }

        return null;
    }
}
