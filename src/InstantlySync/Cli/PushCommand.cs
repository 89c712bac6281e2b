using System.CommandLine;
using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Push;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;
using Serilog.Core;

namespace InstantlySync.Cli;

/// <summary>
/// <c>instantly-sync push [--workspace …] [--phases drain,topup,housekeeping] [--dry-run] [--limit N]</c>:
/// keeps each workspace's segment campaigns stocked from the lead pool. <c>--dry-run</c> reads
/// everything and prints the plan per phase and campaign, writing nothing to Instantly or the database.
/// </summary>
internal static class PushCommand
{
    private static readonly Option<string?> Phases = new("--phases")
    {
        Description = $"Comma list of the phases to run, in this order: {string.Join(", ", PushPhases.All)} (default: all)",
    };

    private static readonly Option<int?> Limit = new("--limit")
    {
        Description = "At most this many new leads in this run (on top of Push:NewLeadsPerRun and the inventory cap)",
        CustomParser = CommonOptions.WholeNumber,
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("push", "Keep the segment campaigns stocked from the lead pool: drain finished leads, top up, housekeeping");
        command.Options.Add(CommonOptions.Workspace);
        command.Options.Add(Phases);
        command.Options.Add(CommonOptions.DryRun);
        command.Options.Add(Limit);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var (phases, phasesProblem) = PushPhases.Parse(parseResult.GetValue(Phases));
        var limit = parseResult.GetValue(Limit);
        var usage = phasesProblem ?? (limit is < 0 ? $"--limit must be 0 or more (got {limit})" : null);
        if (usage is not null)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {usage}");
            return ExitCodes.InvalidUsage;
        }

        if (!parseResult.GetValue(CommonOptions.DryRun))
        {
            await context.Error.WriteLineAsync("instantly-sync: push writes nothing yet in this release: run 'instantly-sync push --dry-run' for the plan");
            return ExitCodes.InvalidUsage;
        }

        var settings = await CommandSetup.LoadSettingsAsync(parseResult, context, SettingsNeeds.Database);
        if (settings is null)
        {
            return ExitCodes.PreconditionFailed;
        }

        var workspaces = await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings);
        if (workspaces is null)
        {
            return ExitCodes.InvalidUsage;
        }

        await using var dataSource = Database.Create(settings.ConnectionString!);
        // A dry run writes nothing, not even a migration: the schema must already be current.
        if (await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: false, Logger.None, cancellationToken) is { } notReady)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {notReady}");
            return ExitCodes.PreconditionFailed;
        }

        var entries = settings.Workspaces.Select((w, i) => (w.Name, i)).ToDictionary(e => e.Name, e => e.i);
        foreach (var configured in workspaces)
        {
            var settingsPath = settings.Workspaces.Count == 1 && configured.Name == WorkspaceSettings.DefaultName
                ? "Push"
                : $"Workspaces:{entries[configured.Name]}:Push";
            var (workspace, failure) = await WorkspaceLookup.ReachAsync(settings.Instantly, configured, context.Time, cancellationToken);
            if (workspace is null)
            {
                await context.Error.WriteLineAsync($"instantly-sync: workspace {configured.Name} could not be reached with {configured.KeySource}: {failure}");
                return ExitCodes.PreconditionFailed;
            }

            using var client = InstantlyClient.Create(settings.Instantly, configured.ApiKey!, context.Time, Logger.None, asWorkspace: configured.SubWorkspaceId);
            try
            {
                var plan = await new PushPlanner(dataSource, client, settings.Models.Schema).PlanAsync(workspace, settingsPath, phases!, limit, cancellationToken);
                await plan.WriteAsync(context.Out, dryRun: true);
            }
            catch (PushSetupException ex)
            {
                await context.Error.WriteLineAsync($"instantly-sync: {ex.Message}");
                return ExitCodes.PreconditionFailed;
            }
            catch (InstantlyApiException ex)
            {
                await context.Error.WriteLineAsync($"instantly-sync: push plan for workspace {configured.Name} failed: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
            catch (NpgsqlException ex)
            {
                await context.Error.WriteLineAsync($"instantly-sync: push plan for workspace {configured.Name} failed: cannot read the database: {Database.Describe(ex)}");
                return ExitCodes.PreconditionFailed;
            }
        }

        return ExitCodes.Success;
    }
}
