using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary>
/// <c>instantly-sync migrate [--dry-run] [--adopt NAME]</c>: apply (or list) pending SQL
/// migrations; <c>--adopt</c> attributes the rows written before workspaces existed to one.
/// </summary>
internal static class MigrateCommand
{
    private static readonly Option<string?> Adopt = new("--adopt")
    {
        Description = "Attribute every row written before workspaces existed to this configured workspace (needed once when several are configured)",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "Apply pending SQL migrations from migrations/");
        command.Options.Add(CommonOptions.DryRun);
        command.Options.Add(Adopt);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var settings = await CommandSetup.LoadSettingsAsync(parseResult, context, SettingsNeeds.Database);
        if (settings is null)
        {
            return ExitCodes.PreconditionFailed;
        }

        await using var dataSource = Database.Create(settings.ConnectionString!);
        var runner = new MigrationRunner(dataSource, MigrationRunner.DefaultDirectory(), Serilog.Core.Logger.None, settings.Models.Schema);
        try
        {
            if (parseResult.GetValue(CommonOptions.DryRun))
            {
                var pending = await runner.PendingAsync(cancellationToken);
                await context.Out.WriteLineAsync(pending.Count == 0
                    ? "Schema is up to date; no pending migrations."
                    : $"{pending.Count} pending migration(s):");
                foreach (var migration in pending)
                {
                    await context.Out.WriteLineAsync($"  {migration.Version:0000}_{migration.Name}.sql");
                }

                return ExitCodes.Success;
            }

            var applied = await runner.ApplyAsync(cancellationToken);
            foreach (var migration in applied)
            {
                await context.Out.WriteLineAsync($"Applied {migration.Version:0000}_{migration.Name}.sql");
            }

            await context.Out.WriteLineAsync(applied.Count == 0
                ? "Schema is up to date; nothing to apply."
                : $"Applied {applied.Count} migration(s).");
            return parseResult.GetValue(Adopt) is { } name
                ? await AdoptAsync(context, settings, dataSource, name, cancellationToken)
                : ExitCodes.Success;
        }
        catch (MigrationException ex)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {ex.Message}");
            return ExitCodes.PreconditionFailed;
        }
        catch (NpgsqlException ex)
        {
            return await CommandSetup.ReportDatabaseFailureAsync(context, settings, ex);
        }
    }

    /// <summary>Attributes the unattributed rows to the workspace named; its id from an earlier run or its key.</summary>
    private static async Task<int> AdoptAsync(CliContext context, Settings settings, NpgsqlDataSource dataSource, string name, CancellationToken cancellationToken)
    {
        var workspace = settings.Workspaces.FirstOrDefault(w => w.Name == name);
        if (workspace is null)
        {
            await context.Error.WriteLineAsync($"instantly-sync: --adopt: unknown workspace '{name}'; configured: {string.Join(", ", settings.Workspaces.Select(w => w.Name))}");
            return ExitCodes.InvalidUsage;
        }

        var store = new WorkspaceStore(dataSource);
        if (!await store.HasUnattributedRowsAsync(cancellationToken))
        {
            await context.Out.WriteLineAsync("Every row already belongs to a workspace; nothing to adopt.");
            return ExitCodes.Success;
        }

        var known = await WorkspaceLookup.FindAsync(settings, workspace, store, context.Time, cancellationToken);
        if (known.Id is null)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {known.Problem ?? $"cannot tell which Instantly workspace '{name}' is: set {workspace.KeySource}"}");
            return ExitCodes.PreconditionFailed;
        }

        if (known.Reached is not null)
        {
            await store.RecordAsync(known.Reached, cancellationToken);
        }

        var moved = await store.AdoptAsync(known.Id, cancellationToken);
        await context.Out.WriteLineAsync($"Attributed {moved.Values.Sum():N0} rows written before workspaces existed to workspace {name} ({known.Id}):");
        foreach (var (table, rows) in moved.Where(m => m.Value > 0))
        {
            await context.Out.WriteLineAsync($"  {table,-32} {rows,12:N0}");
        }

        return ExitCodes.Success;
    }
}
