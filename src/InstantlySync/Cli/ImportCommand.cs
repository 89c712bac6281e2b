using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Import;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary><c>instantly-sync import FILE</c>: load a raw snapshot file (README, "Importing a snapshot") as one batch.</summary>
internal static class ImportCommand
{
    private static readonly Argument<string> File = new("FILE") { Description = "Snapshot JSON saved by the earlier collector" };

    public static Command Create(CliContext context)
    {
        var command = new Command("import", "Load a raw snapshot file into the raw tables as one batch (does not move sync watermarks)");
        command.Arguments.Add(File);
        foreach (var option in new Option[] { CommonOptions.Workspace, CommonOptions.BatchSize, CommonOptions.Quiet, CommonOptions.Verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var batchSize = parseResult.GetValue(CommonOptions.BatchSize);
        if (SyncSettings.BatchSizeError(batchSize) is { } batchSizeError)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {batchSizeError}");
            return ExitCodes.InvalidUsage;
        }

        var file = parseResult.GetValue(File)!;
        var path = Path.GetFullPath(file, context.WorkingDirectory);
        Snapshot snapshot;
        try
        {
            // The whole document is checked before the database is touched: a broken file writes nothing.
            snapshot = await SnapshotReader.ReadAsync(path, cancellationToken);
        }
        catch (SnapshotException ex)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {file}: {ex.Message}");
            return ExitCodes.InvalidUsage;
        }

        using (snapshot)
        {
            var settings = await CommandSetup.LoadSettingsAsync(parseResult, context, SettingsNeeds.Database, new SettingsOverrides(BatchSize: batchSize));
            if (settings is null)
            {
                return ExitCodes.PreconditionFailed;
            }

            var selected = await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings);
            if (selected is null)
            {
                return ExitCodes.InvalidUsage;
            }

            if (selected.Count != 1)
            {
                await context.Error.WriteLineAsync(
                    $"instantly-sync: an import writes into one workspace; name it with --workspace (configured: {string.Join(", ", settings.Workspaces.Select(w => w.Name))})");
                return ExitCodes.InvalidUsage;
            }

            var organizations = snapshot.Organizations();
            if (organizations.Count > 1)
            {
                await context.Error.WriteLineAsync($"instantly-sync: {file}: its records come from {organizations.Count} workspaces ({string.Join(", ", organizations)}); import one workspace's snapshot at a time");
                return ExitCodes.InvalidUsage;
            }

            await using var dataSource = Database.Create(settings.ConnectionString!);
            await using var logger = CommandLogging.Create(context, settings, parseResult.GetValue(CommonOptions.Verbose), parseResult.GetValue(CommonOptions.Quiet), dataSource);
            try
            {
                var schemaError = await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: true, logger, cancellationToken);
                if (schemaError is not null)
                {
                    await context.Error.WriteLineAsync($"instantly-sync: {schemaError}");
                    return ExitCodes.PreconditionFailed;
                }

                var (workspaceId, problem) = await ImportTarget.ResolveAsync(settings, selected[0], organizations.SingleOrDefault(), dataSource, context.Time, cancellationToken);
                if (workspaceId is null)
                {
                    await context.Error.WriteLineAsync($"instantly-sync: {problem}");
                    return ExitCodes.PreconditionFailed;
                }

                var log = logger.ForWorkspace(selected[0].Name, workspaceId);
                var importer = new SnapshotImporter(dataSource, workspaceId, context.Time, log);
                var outcome = await importer.RunAsync(snapshot, file, settings.Sync.BatchSize, cancellationToken);
                if (outcome.Result == RunStatus.Locked)
                {
                    // The logger has said why, naming the running batch.
                    return ExitCodes.LockHeld;
                }

                await WriteReportAsync(context.Out, file, outcome);
                return ExitCodes.For(outcome.Result);
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
    }

    private static async Task WriteReportAsync(TextWriter output, string file, ImportOutcome outcome)
    {
        await output.WriteLineAsync($"Import of {file}: {outcome.Status} (batch {outcome.BatchId})");
        await output.WriteLineAsync($"  {"table",-30} {"records",8} {"inserted",9} {"updated",8} {"unchanged",10} {"failed",7}  status");
        foreach (var table in outcome.Tables)
        {
            var c = table.Counts;
            await output.WriteLineAsync(
                $"  {table.Table,-30} {c.Fetched,8} {c.Inserted,9} {c.Updated,8} {c.Unchanged,10} {c.Failed,7}  {c.Status}{(c.Error is null ? "" : " - " + c.Error)}");
        }

        if (outcome.Tables.Any(t => t.Counts.Failed > 0))
        {
            await output.WriteLineAsync("Records that could not be stored are in sync_dead_letters (see 'instantly-sync status').");
        }
    }
}
