using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Logging;
using InstantlySync.Modeling;
using InstantlySync.Runs;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary><c>instantly-sync transform [--full] [--dry-run]</c>: bring the modeled layer (README, "The modeled layer") up to date with the raw tables.</summary>
internal static class TransformCommand
{
    private static readonly Option<bool> Full = new("--full") { Description = "Rebuild each workspace's modeled rows from all of its raw rows, not only those changed since the last transform" };

    public static Command Create(CliContext context)
    {
        var command = new Command("transform", "Build the modeled layer (people, companies, campaigns, campaign leads, events) from the raw tables; incremental by default");
        foreach (var option in new Option[] { Full, CommonOptions.Workspace, CommonOptions.DryRun, CommonOptions.Quiet, CommonOptions.Verbose })
        {
            command.Options.Add(option);
        }

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

        var workspaces = await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings);
        if (workspaces is null)
        {
            return ExitCodes.InvalidUsage;
        }

        var full = parseResult.GetValue(Full);
        var dryRun = parseResult.GetValue(CommonOptions.DryRun);
        var several = settings.Workspaces.Count > 1;
        await using var dataSource = Database.Create(settings.ConnectionString!);
        // A dry run writes nothing to the database, its log tier included.
        await using var logger = CommandLogging.Create(context, settings, parseResult.GetValue(CommonOptions.Verbose), parseResult.GetValue(CommonOptions.Quiet),
            dryRun ? null : dataSource, showWorkspace: several);
        try
        {
            var schemaError = await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: !dryRun, logger, cancellationToken);
            if (schemaError is not null)
            {
                await context.Error.WriteLineAsync($"instantly-sync: {schemaError}");
                return ExitCodes.PreconditionFailed;
            }

            var store = new WorkspaceStore(dataSource);
            var code = ExitCodes.Success;
            foreach (var workspace in workspaces)
            {
                if (await store.FindIdAsync(workspace.Name, cancellationToken) is not { } workspaceId)
                {
                    // Nothing of it is stored, so there is nothing to model: not a failure of a scheduled run.
                    await context.Error.WriteLineAsync($"instantly-sync: workspace {workspace.Name} has never been synced; nothing to transform");
                    continue;
                }

                var log = logger.ForWorkspace(workspace.Name, workspaceId);
                var outcome = await new TransformRunner(dataSource, settings.Models.Schema, workspaceId, context.Time, log)
                    .RunAsync(full, dryRun, cancellationToken);
                await WriteReportAsync(context.Out, workspace.Name, full, dryRun, outcome);
                code = Math.Max(code, ExitCodes.For(outcome.Result));
                if (outcome.Result == RunStatus.Cancelled)
                {
                    break;
                }
            }

            return code;
        }
        catch (NpgsqlException ex)
        {
            return await CommandSetup.ReportDatabaseFailureAsync(context, settings, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("instantly-sync: cancelled");
            return ExitCodes.Cancelled;
        }
    }

    private static async Task WriteReportAsync(TextWriter output, string workspace, bool full, bool dryRun, TransformOutcome outcome)
    {
        if (outcome.Result == RunStatus.Locked)
        {
            // The logger has said why, naming the running batch.
            return;
        }

        var what = $"{(full ? "full" : "incremental")}{(dryRun ? ", dry run: nothing written" : "")}";
        await output.WriteLineAsync($"Transform of {workspace} ({what}): {outcome.Status}{(dryRun ? "" : $" (batch {outcome.BatchId})")}{(outcome.Error is null ? "" : " - " + outcome.Error)}");
        if (outcome.Counts is not { } counts)
        {
            return;
        }

        await output.WriteLineAsync($"  read {counts.LeadsRead} leads, {counts.EmailsRead} emails and {counts.CampaignsRead} campaigns changed since the last transform");
        await output.WriteLineAsync($"  {"table",-16} {(dryRun ? "would insert" : "inserted"),12} {(dryRun ? "would update" : "updated"),12} {(dryRun ? "would delete" : "deleted"),12}");
        foreach (var table in counts.Tables)
        {
            await output.WriteLineAsync($"  {table.Table,-16} {table.Inserted,12} {table.Updated,12} {table.Deleted,12}");
        }
    }
}
