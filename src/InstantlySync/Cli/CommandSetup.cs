using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary>Loads settings for a command and reports every problem at once (exit 3).</summary>
internal static class CommandSetup
{
    public static async Task<Settings?> LoadSettingsAsync(
        ParseResult parseResult,
        CliContext context,
        SettingsNeeds needs,
        SettingsOverrides? overrides = null)
    {
        var result = SettingsLoader.Load(
            parseResult.GetValue(CommonOptions.Config),
            context.Environment,
            overrides ?? SettingsOverrides.None,
            needs,
            context.WorkingDirectory,
            keysFor: WorkspaceNames(parseResult));
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

    /// <summary>
    /// Readies the schema before a command writes: applies pending migrations when
    /// Sync:AutoMigrate allows and the command may write, else requires an up-to-date schema.
    /// Returns the reason it is not ready, or null.
    /// </summary>
    public static async Task<string?> PrepareSchemaAsync(Settings settings, NpgsqlDataSource dataSource, bool mayMigrate,
        Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(dataSource, MigrationRunner.DefaultDirectory(), logger, settings.Models.Schema);
        try
        {
            if (settings.Sync.AutoMigrate && mayMigrate)
            {
                await runner.ApplyAsync(cancellationToken);
                return null;
            }

            var pending = await runner.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? null
                : $"the database schema is missing {pending.Count} migration(s) ({pending[0].Version:0000}_{pending[0].Name}.sql first); run 'instantly-sync migrate'";
        }
        catch (MigrationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The names <c>--workspace</c> gives, as typed; null without the flag.</summary>
    private static List<string>? WorkspaceNames(ParseResult parseResult)
        => parseResult.GetResult(CommonOptions.Workspace) is null
            ? null
            : parseResult.GetValue(CommonOptions.Workspace)?
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.Ordinal)
                .ToList();

    /// <summary>
    /// The workspaces <c>--workspace</c> names (each configured; in configuration order), every
    /// configured one without it; null after writing the one-line reason (exit 2).
    /// </summary>
    public static async Task<IReadOnlyList<WorkspaceSettings>?> SelectWorkspacesAsync(ParseResult parseResult, CliContext context, Settings settings)
    {
        var names = WorkspaceNames(parseResult);
        if (names is null)
        {
            return settings.Workspaces;
        }

        var configured = string.Join(", ", settings.Workspaces.Select(w => w.Name));
        var unknown = names.FirstOrDefault(n => settings.Workspaces.All(w => w.Name != n));
        if (names.Count == 0 || unknown is not null)
        {
            await context.Error.WriteLineAsync(names.Count == 0
                ? $"instantly-sync: --workspace is empty; configured: {configured}"
                : $"instantly-sync: --workspace: unknown workspace '{unknown}'; configured: {configured}");
            return null;
        }

        return settings.Workspaces.Where(w => names.Contains(w.Name)).ToList();
    }

    /// <summary>One line naming the database (never its credentials) and why it failed; exit 3.</summary>
    public static async Task<int> ReportDatabaseFailureAsync(CliContext context, Settings settings, NpgsqlException exception)
    {
        await context.Error.WriteLineAsync(
            $"instantly-sync: cannot reach the database at {DatabaseUrl.Describe(settings.ConnectionString!)}: {Database.Describe(exception)}");
        return ExitCodes.PreconditionFailed;
    }
}
