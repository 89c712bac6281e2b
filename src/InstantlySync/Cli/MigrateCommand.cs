using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary><c>instantly-sync migrate [--dry-run]</c>: apply (or list) pending SQL migrations.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "Apply pending SQL migrations from migrations/");
        command.Options.Add(CommonOptions.DryRun);
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
        var runner = new MigrationRunner(dataSource, MigrationRunner.DefaultDirectory(), Serilog.Core.Logger.None);
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
            return ExitCodes.Success;
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
}
