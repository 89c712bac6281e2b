using System.CommandLine;
using Dapper;
using InstantlySync.Configuration;
using InstantlySync.Report;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary>
/// <c>instantly-sync report [--from DATE | --last SPAN] [--to DATE] [--json] [--html FILE]</c>: how the
/// campaigns are doing (README, "The campaign report"). Reads the modeled layer and writes nothing to the database.
/// </summary>
internal static class ReportCommand
{
    private static readonly Option<string?> From = new("--from") { Description = "Window start, YYYY-MM-DD (UTC, inclusive); default: the last 30 complete days" };
    private static readonly Option<string?> To = new("--to") { Description = "Window end, YYYY-MM-DD (inclusive; default today UTC); only with --from or --last" };
    private static readonly Option<string?> Last = new("--last") { Description = "Window start = now minus SPAN: <n>h, <n>d, <n>w or <n>m (months)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document instead of tables" };
    private static readonly Option<string?> Html = new("--html") { Description = "Also write a self-contained HTML page with charts to FILE" };

    public static Command Create(CliContext context)
    {
        var command = new Command("report", "Campaign performance per workspace: campaigns, best and worst steps, leads by status, totals");
        foreach (var option in new Option[] { From, To, Last, Json, Html, CommonOptions.Workspace })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        if (!ReportWindowParser.TryParse(parseResult.GetValue(From), parseResult.GetValue(To), parseResult.GetValue(Last), context.Time.GetUtcNow(),
                out var window, out var usageError))
        {
            await context.Error.WriteLineAsync($"instantly-sync: {usageError}");
            return ExitCodes.InvalidUsage;
        }

        var htmlFile = parseResult.GetValue(Html) is { } html ? Path.GetFullPath(html, context.WorkingDirectory) : null;
        if (htmlFile is not null && (Directory.Exists(htmlFile) || !Directory.Exists(Path.GetDirectoryName(htmlFile))))
        {
            await context.Error.WriteLineAsync(Directory.Exists(htmlFile)
                ? $"instantly-sync: --html {parseResult.GetValue(Html)} is a directory; name a file"
                : $"instantly-sync: --html {parseResult.GetValue(Html)}: the folder {Path.GetDirectoryName(htmlFile)} does not exist");
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
        ReportDocument document;
        try
        {
            var schemaError = await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: false, Serilog.Core.Logger.None, cancellationToken);
            if (schemaError is not null)
            {
                await context.Error.WriteLineAsync($"instantly-sync: {schemaError}");
                return ExitCodes.PreconditionFailed;
            }

            document = await ReadAsync(context, settings, dataSource, workspaces, window, cancellationToken);
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

        if (parseResult.GetValue(Json))
        {
            await context.Out.WriteLineAsync(ReportJson.Write(document));
        }
        else
        {
            ReportConsole.Write(context.Out, document, context.OutputIsTerminal);
        }

        if (htmlFile is not null)
        {
            try
            {
                await WriteAtomicallyAsync(htmlFile, HtmlReport.Render(document), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"instantly-sync: cannot write {htmlFile}: {ex.Message}");
                return ExitCodes.PartialFailure;
            }

            // On standard error, so that --json output stays one document.
            await context.Error.WriteLineAsync($"HTML report written to {htmlFile}");
        }

        return ExitCodes.Success;
    }

    private static async Task<ReportDocument> ReadAsync(CliContext context, Settings settings, NpgsqlDataSource dataSource,
        IReadOnlyList<WorkspaceSettings> workspaces, ReportWindow window, CancellationToken cancellationToken)
    {
        var store = new WorkspaceStore(dataSource);
        var queries = new ReportQueries(dataSource, settings.Models.Schema);
        var reports = new List<WorkspaceReport>();
        foreach (var workspace in workspaces)
        {
            if (await store.FindIdAsync(workspace.Name, cancellationToken) is not { } workspaceId)
            {
                await context.Error.WriteLineAsync($"instantly-sync: workspace {workspace.Name} has never been synced; nothing to report");
                continue;
            }

            if (!await IsModeledAsync(dataSource, workspaceId, cancellationToken))
            {
                await context.Error.WriteLineAsync(
                    $"instantly-sync: the modeled layer of {workspace.Name} has not been built yet; run 'instantly-sync transform --workspace {workspace.Name}' (campaigns and leads stay empty until then)");
            }

            reports.Add(await queries.ReadAsync(workspace.Name, workspaceId, window, cancellationToken));
        }

        return new ReportDocument(window, reports);
    }

    private static async Task<bool> IsModeledAsync(NpgsqlDataSource dataSource, string workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM sync_transform_state WHERE workspace_id = @workspaceId)",
            new { workspaceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes beside the target and moves it into place, so a reader never sees half a page.</summary>
    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
