using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Entities;
using InstantlySync.Modeling;
using InstantlySync.Runs;
using InstantlySync.Storage;
using InstantlySync.Sync;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary><c>instantly-sync sync</c>: pull every selected entity and upsert it.</summary>
internal static class SyncCommand
{
    private static readonly Option<bool> All = new("--all") { Description = "Full sync: ignore watermarks and fetch everything the API has" };
    private static readonly Option<string?> From = new("--from") { Description = "Window start, YYYY-MM-DD (UTC, inclusive), for windowed entities" };
    private static readonly Option<string?> To = new("--to") { Description = "Window end, YYYY-MM-DD (inclusive; default today UTC); only with --from or --last" };
    private static readonly Option<string?> Last = new("--last") { Description = "Window start = now minus SPAN: <n>h, <n>d, <n>w or <n>m (months)" };
    private static readonly Option<string?> Rollback = new("--rollback") { Description = "Rewind windowed watermarks to DATE (persisted), then sync incrementally" };
    private static readonly Option<string?> MaxDuration = new("--max-duration")
    {
        Description = "Time budget (40s, 45m, 2h): when it runs out every entity stops after the batch it is writing commits, and the run exits 5; the next run continues",
    };
    private static readonly Option<bool> NoTransform = new("--no-transform")
    {
        Description = "Skip the modeled-layer update that otherwise follows a run that wrote rows (also Models:AutoTransform)",
    };
    private static readonly Option<string?> EntitiesOption = new("--entities") { Description = $"Comma list of {string.Join(",", EntityCatalog.Names)} (default: all)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("sync", "Pull every selected entity from Instantly and upsert it (incremental by default)");
        foreach (var option in new Option[] { All, From, To, Last, Rollback, EntitiesOption, MaxDuration, NoTransform, CommonOptions.Workspace, CommonOptions.DryRun, CommonOptions.BatchSize, CommonOptions.Quiet, CommonOptions.Verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var flags = new SyncFlags(
            parseResult.GetValue(All),
            parseResult.GetValue(From),
            parseResult.GetValue(To),
            parseResult.GetValue(Last),
            parseResult.GetValue(Rollback),
            parseResult.GetValue(EntitiesOption),
            parseResult.GetValue(CommonOptions.DryRun),
            parseResult.GetValue(CommonOptions.BatchSize),
            parseResult.GetValue(MaxDuration));
        if (!SyncRequestParser.TryParse(flags, context.Time.GetUtcNow(), out var request, out var usageError))
        {
            await context.Error.WriteLineAsync($"instantly-sync: {usageError}");
            return ExitCodes.InvalidUsage;
        }

        var settings = await CommandSetup.LoadSettingsAsync(parseResult, context, SettingsNeeds.ApiKey | SettingsNeeds.Database,
            new SettingsOverrides(BatchSize: flags.BatchSize, MaxDuration: request.MaxDuration));
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
        // A dry run writes nothing to the database, its log tier included.
        var quiet = parseResult.GetValue(CommonOptions.Quiet);
        var statusLine = new ConsoleStatusLine(context.Error, enabled: context.Interactive && !quiet);
        var several = settings.Workspaces.Count > 1;
        await using var logger = CommandLogging.Create(context, settings, parseResult.GetValue(CommonOptions.Verbose), quiet,
            request.DryRun ? null : dataSource, statusLine.LogLines, showWorkspace: several);
        await using var progress = new ConsoleProgress(statusLine, context.Time);
        try
        {
            var schemaError = await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: !request.DryRun, logger, cancellationToken);
            if (schemaError is not null)
            {
                await context.Error.WriteLineAsync($"instantly-sync: {schemaError}");
                return ExitCodes.PreconditionFailed;
            }

            var adopt = await new WorkspaceStore(dataSource).HasUnattributedRowsAsync(cancellationToken);
            if (adopt && (settings.Workspaces.Count > 1 || request.DryRun))
            {
                await context.Error.WriteLineAsync("instantly-sync: " + (settings.Workspaces.Count > 1
                    ? WorkspaceStore.AdoptFirst
                    : "the database holds rows written before workspaces existed; a sync that is not a dry run attributes them to the workspace first"));
                return ExitCodes.PreconditionFailed;
            }

            var transform = settings.Models.AutoTransform && !parseResult.GetValue(NoTransform) && !request.DryRun;
            var sync = new WorkspacesSync(settings, dataSource, context.Time, logger, (counts, name) => progress.Track(counts, several ? name : null),
                transform ? (id, log, token) => TransformAfterSyncAsync(settings, dataSource, context.Time, id, log, token) : null);
            var outcomes = await sync.RunAsync(workspaces, request, adopt, cancellationToken);
            foreach (var outcome in outcomes.Where(o => o.Run is not null))
            {
                if (request.DryRun)
                {
                    await DryRunReport.WriteAsync(context.Out, outcome.Run!, several ? outcome.Name : null);
                }

                await StepSummary.AppendAsync(context.Environment, outcome.Run!, request, several ? outcome.Name : null);
            }

            // The highest code any workspace produced: 130 (cancelled) above all.
            return outcomes.Max(o => ExitCodes.For(o.Result));
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

    /// <summary>The incremental transform of a workspace a sync wrote rows to, under the sync's lock.</summary>
    private static async Task<Verdict> TransformAfterSyncAsync(
        Settings settings, NpgsqlDataSource dataSource, TimeProvider time, string workspaceId, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        var outcome = await new TransformRunner(dataSource, settings.Models.Schema, workspaceId, time, log).RunUnderHeldLockAsync(cancellationToken);
        return new Verdict(outcome.Result, outcome.Error);
    }
}
