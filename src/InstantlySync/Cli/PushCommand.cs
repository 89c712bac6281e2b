using System.CommandLine;
using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Logging;
using InstantlySync.Push;
using InstantlySync.Runs;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;

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

        var dryRun = parseResult.GetValue(CommonOptions.DryRun);
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
        // A dry run writes nothing to the database, its log tier and migrations included.
        await using var logger = CommandLogging.Create(context, settings, parseResult.GetValue(CommonOptions.Verbose), parseResult.GetValue(CommonOptions.Quiet),
            dryRun ? null : dataSource, showWorkspace: settings.Workspaces.Count > 1);
        if (await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: !dryRun, logger, cancellationToken) is { } notReady)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {notReady}");
            return ExitCodes.PreconditionFailed;
        }

        var entries = settings.Workspaces.Select((w, i) => (w.Name, i)).ToDictionary(e => e.Name, e => e.i);
        var code = ExitCodes.Success;
        foreach (var configured in workspaces)
        {
            var settingsPath = settings.Workspaces.Count == 1 && configured.Name == WorkspaceSettings.DefaultName
                ? "Push"
                : $"Workspaces:{entries[configured.Name]}:Push";
            if (configured.Push.Segments.Count == 0)
            {
                // Not every workspace is stocked from a pool: one without segments is left alone.
                await context.Error.WriteLineAsync($"instantly-sync: workspace {configured.Name} has no {settingsPath}:Segments; nothing to push");
                continue;
            }

            var (workspace, failure) = await WorkspaceLookup.ReachAsync(settings.Instantly, configured, context.Time, cancellationToken);
            if (workspace is null)
            {
                await context.Error.WriteLineAsync($"instantly-sync: workspace {configured.Name} could not be reached with {configured.KeySource}: {failure}");
                code = Math.Max(code, ExitCodes.PreconditionFailed);
                continue;
            }

            var log = logger.ForWorkspace(configured.Name, workspace.Id);
            using var client = InstantlyClient.Create(settings.Instantly, configured.ApiKey!, context.Time, log, asWorkspace: configured.SubWorkspaceId);
            try
            {
                if (dryRun)
                {
                    var plan = await new PushPlanner(dataSource, client, settings.Models.Schema).PlanAsync(workspace, settingsPath, phases!, limit, cancellationToken);
                    await plan.WriteAsync(context.Out, dryRun: true);
                    continue;
                }

                var outcome = await new PushRunner(dataSource, client, settings.Models.Schema, context.Time, log)
                    .RunAsync(workspace, settingsPath, phases!, limit, cancellationToken);
                await WriteReportAsync(context.Out, configured.Name, phases!, outcome);
                code = Math.Max(code, ExitCodes.For(outcome.Result));
                if (outcome.Result == RunStatus.Cancelled)
                {
                    break;
                }
            }
            catch (PushSetupException ex)
            {
                await context.Error.WriteLineAsync($"instantly-sync: {ex.Message}");
                code = Math.Max(code, ExitCodes.PreconditionFailed);
            }
            catch (InstantlyApiException ex)
            {
                await context.Error.WriteLineAsync($"instantly-sync: push of workspace {configured.Name} failed: {ex.Message}");
                code = Math.Max(code, ex.StopsRun ? ExitCodes.PreconditionFailed : ExitCodes.PartialFailure);
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

        return code;
    }

    private static async Task WriteReportAsync(TextWriter output, string workspace, IReadOnlySet<string> phases, PushOutcome outcome)
    {
        if (outcome.Result == RunStatus.Locked)
        {
            // The logger has said why, naming the running batch.
            return;
        }

        var c = outcome.Counts;
        await output.WriteLineAsync($"Push of {workspace}: {outcome.Status} (batch {outcome.BatchId}){(outcome.Error is null ? "" : " - " + outcome.Error)}");
        if (phases.Contains(PushPhases.Drain))
        {
            await output.WriteLineAsync($"  drain: {c.Drained:N0} deleted ({c.DrainRecorded:N0} recorded in push_history), {c.Unsubscribed:N0} unsubscribe(s) added to the DNC list, {c.RepliedKept:N0} replied kept");
        }

        if (phases.Contains(PushPhases.TopUp))
        {
            var added = string.Join(", ", c.Added.Select(a => $"{a.Key} {a.Value:N0}"));
            var excluded = string.Join(", ", LeadPool.Reasons.Select(r => $"{r} {c.Excluded.GetValueOrDefault(r):N0}"));
            await output.WriteLineAsync($"  top-up: headroom {c.Headroom:N0}; added {c.Added.Values.Sum():N0}{(added.Length == 0 ? "" : $" ({added})")}, rejected {c.Rejected:N0}, earlier pending settled {c.Healed:N0}; remaining in plan {(c.RemainingInPlan is { } left ? left.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "unknown")}");
            await output.WriteLineAsync($"    excluded: {excluded}");
        }

        if (phases.Contains(PushPhases.Housekeeping))
        {
            await output.WriteLineAsync($"  housekeeping: {c.Refreshed:N0} outbox row(s) moved on from the last sync, {c.BlockListed:N0} DNC entr{(c.BlockListed == 1 ? "y" : "ies")} added to the block list");
        }
    }
}
