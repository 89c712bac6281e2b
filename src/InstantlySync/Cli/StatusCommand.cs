using System.CommandLine;
using System.Text.Json;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using Npgsql;
using Spectre.Console;

namespace InstantlySync.Cli;

/// <summary><c>instantly-sync status [--json]</c>: last runs, watermarks, row counts and recent errors.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document instead of tables" };
    private static readonly Option<int> Runs = new("--runs")
    {
        Description = "How many recent runs to show",
        DefaultValueFactory = _ => 10,
        CustomParser = result => CommonOptions.WholeNumber(result) ?? 0,
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("status", "Show recent runs, watermarks, row counts and recent errors");
        command.Options.Add(Json);
        command.Options.Add(Runs);
        command.Options.Add(CommonOptions.Workspace);
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

        var runs = parseResult.GetValue(Runs);
        if (runs is < 1 or > 1000)
        {
            await context.Error.WriteLineAsync("instantly-sync: --runs must be from 1 to 1000");
            return ExitCodes.InvalidUsage;
        }

        var selected = await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings);
        if (selected is null)
        {
            return ExitCodes.InvalidUsage;
        }

        var names = parseResult.GetValue(CommonOptions.Workspace) is null ? null : selected.Select(w => w.Name).ToList();
        await using var dataSource = Database.Create(settings.ConnectionString!);
        StatusReport report;
        try
        {
            report = await StatusQueries.ReadAsync(dataSource, runs, names, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            await context.Error.WriteLineAsync("instantly-sync: the database has no InstantlySync schema yet; run 'instantly-sync migrate'");
            return ExitCodes.PreconditionFailed;
        }
        catch (NpgsqlException ex)
        {
            return await CommandSetup.ReportDatabaseFailureAsync(context, settings, ex);
        }

        if (parseResult.GetValue(Json))
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(report), Indented));
        }
        else
        {
            WriteTables(context.Out, report);
        }

        var last = report.Runs.FirstOrDefault(r => !r.DryRun);
        return last is { Status: "succeeded" } ? ExitCodes.Success : ExitCodes.PartialFailure;
    }

    private static Dictionary<string, object?> ToJson(StatusReport report) => new()
    {
        ["last_run_status"] = report.Runs.Count > 0 ? report.Runs[0].Status : null,
        ["workspaces"] = report.Workspaces.Select(w => new Dictionary<string, object?>
        {
            ["workspace"] = w.Name,
            ["workspace_id"] = w.WorkspaceId,
            ["last_synced_at"] = Utc(w.LastSyncedAt),
            ["last_run_status"] = report.Runs.FirstOrDefault(r => r.WorkspaceId == w.WorkspaceId && !r.DryRun)?.Status,
            ["last_transform"] = report.LastTransforms.FirstOrDefault(t => t.WorkspaceId == w.WorkspaceId) is { } t
                ? new Dictionary<string, object?>
                {
                    ["batch_id"] = t.Id,
                    ["status"] = t.Status,
                    ["started_at"] = Utc(t.StartedAt),
                    ["finished_at"] = Utc(t.FinishedAt),
                    ["counts"] = JsonDocument.Parse(t.Counts).RootElement,
                    ["error"] = t.Error,
                }
                : null,
        }).ToList(),
        ["runs"] = report.Runs.Select(r => new Dictionary<string, object?>
        {
            ["batch_id"] = r.Id,
            ["workspace"] = r.Workspace,
            ["workspace_id"] = r.WorkspaceId,
            ["mode"] = r.Mode,
            ["window_start"] = Utc(r.WindowStart),
            ["window_end"] = Utc(r.WindowEnd),
            ["entities"] = r.Entities,
            ["status"] = r.Status,
            ["started_at"] = Utc(r.StartedAt),
            ["finished_at"] = Utc(r.FinishedAt),
            ["duration_seconds"] = r.FinishedAt is { } f ? Math.Round((f - r.StartedAt).TotalSeconds, 1) : null,
            ["counts"] = JsonDocument.Parse(r.Counts).RootElement,
            ["error"] = r.Error,
        }).ToList(),
        ["entities"] = report.Workspaces.SelectMany(workspace => StatusQueries.Tables.Keys.Select(entity =>
        {
            var mark = report.Watermarks.FirstOrDefault(w => w.WorkspaceId == workspace.WorkspaceId && w.Entity == entity);
            return new Dictionary<string, object?>
            {
                ["workspace"] = workspace.Name,
                ["workspace_id"] = workspace.WorkspaceId,
                ["entity"] = entity,
                ["table"] = StatusQueries.Tables[entity],
                ["rows"] = report.RowCounts.GetValueOrDefault((workspace.WorkspaceId, entity)),
                ["watermark"] = Utc(mark?.Watermark),
                ["last_batch_id"] = mark?.LastBatchId,
            };
        })).ToList(),
        ["recent_errors"] = report.RecentErrors.Select(e => new Dictionary<string, object?>
        {
            ["at"] = Utc(e.CreatedAt),
            ["workspace"] = e.Workspace,
            ["batch_id"] = e.BatchId,
            ["level"] = e.Level,
            ["step"] = e.Step,
            ["message"] = e.Message,
        }).ToList(),
        ["open_dead_letters"] = report.OpenDeadLetters,
        ["recent_dead_letters"] = report.RecentDeadLetters.Select(d => new Dictionary<string, object?>
        {
            ["at"] = Utc(d.CreatedAt),
            ["workspace"] = d.Workspace,
            ["batch_id"] = d.BatchId,
            ["entity"] = d.Entity,
            ["record_key"] = d.RecordKey,
            ["http_status"] = d.HttpStatus,
            ["error"] = d.Error,
            ["retry_count"] = d.RetryCount,
        }).ToList(),
    };

    /// <summary>A workspace as users know it: its configured name, else its id, else (rows from before workspaces) a plain note.</summary>
    private static string WorkspaceLabel(string? name, string id)
        => name ?? (id.Length == 0 ? "(not yet attributed)" : id);

    private static string? Utc(DateTime? value) => value?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

    private static void WriteTables(TextWriter output, StatusReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;

        var runs = new Table().Title("Recent runs").AddColumns("workspace", "batch", "mode", "window", "started (UTC)", "duration", "status", "inserted", "updated", "failed");
        foreach (var run in report.Runs)
        {
            var (inserted, updated, failed) = Totals(run.Counts);
            runs.AddRow(
                Markup.Escape(WorkspaceLabel(run.Workspace, run.WorkspaceId)),
                run.Id.ToString(),
                run.Mode + (run.DryRun ? " (dry)" : ""),
                run.WindowStart is null ? "-" : $"{run.WindowStart:yyyy-MM-dd}..{run.WindowEnd:yyyy-MM-dd}",
                $"{run.StartedAt:yyyy-MM-dd HH:mm:ss}",
                run.FinishedAt is { } f ? $"{(f - run.StartedAt).TotalSeconds:0.0}s" : "-",
                Markup.Escape(run.Status),
                inserted.ToString(), updated.ToString(), failed.ToString());
        }

        if (report.Runs.Count == 0)
        {
            console.WriteLine("No sync has run yet.");
        }
        else
        {
            console.Write(runs);
        }

        // A timed-out run is continued by the next one; show how far each entity got.
        foreach (var run in report.Runs.Where(r => r.Status == "timeout").Take(3))
        {
            var progress = new Table().Title($"Where timed-out run {run.Id} of {Markup.Escape(WorkspaceLabel(run.Workspace, run.WorkspaceId))} stopped").AddColumns("entity", "status", "fetched", "written", "reached (UTC)", "next run");
            foreach (var (entity, counts) in EntityCountsOf(run.Counts))
            {
                var reached = Text(counts, "reached");
                progress.AddRow(entity, Markup.Escape(Text(counts, "status") ?? "-"),
                    Number(counts, "fetched").ToString("N0"),
                    (Number(counts, "inserted") + Number(counts, "updated") + Number(counts, "unchanged")).ToString("N0"),
                    reached is null ? "-" : reached.Replace('T', ' ').TrimEnd('Z'),
                    Markup.Escape(Text(counts, "status") == "timeout" ? Text(counts, "error") ?? "" : "done"));
            }

            console.Write(progress);
        }

        foreach (var workspace in report.Workspaces)
        {
            var entities = new Table().Title($"Entities of {Markup.Escape(WorkspaceLabel(workspace.Name, workspace.WorkspaceId))}")
                .AddColumns("entity", "table", "rows", "watermark (UTC)", "last batch");
            foreach (var (entity, table) in StatusQueries.Tables)
            {
                var mark = report.Watermarks.FirstOrDefault(w => w.WorkspaceId == workspace.WorkspaceId && w.Entity == entity);
                entities.AddRow(entity, table, report.RowCounts.GetValueOrDefault((workspace.WorkspaceId, entity)).ToString("N0"),
                    mark?.Watermark is { } w ? $"{w:yyyy-MM-dd HH:mm:ss}" : "-",
                    mark?.LastBatchId?.ToString() ?? "-");
            }

            console.Write(entities);
            console.WriteLine(LastTransformLine(workspace, report));
        }

        if (report.RecentErrors.Count > 0)
        {
            var errors = new Table().Title("Recent warnings and errors").AddColumns("at (UTC)", "workspace", "batch", "level", "step", "message");
            foreach (var error in report.RecentErrors)
            {
                errors.AddRow($"{error.CreatedAt:yyyy-MM-dd HH:mm:ss}",
                    Markup.Escape(error.WorkspaceId is null ? "-" : WorkspaceLabel(error.Workspace, error.WorkspaceId)),
                    error.BatchId?.ToString() ?? "-", error.Level,
                    Markup.Escape(error.Step), Markup.Escape(Truncate(error.Message, 90)));
            }

            console.Write(errors);
        }

        console.WriteLine($"Open dead letters: {report.OpenDeadLetters}");
        foreach (var letter in report.RecentDeadLetters)
        {
            console.WriteLine($"  {letter.CreatedAt:yyyy-MM-dd HH:mm:ss} {WorkspaceLabel(letter.Workspace, letter.WorkspaceId)} {letter.Entity} {letter.RecordKey ?? "-"} {(letter.HttpStatus?.ToString() ?? "")} {Truncate(letter.Error, 90)}");
        }
    }

    /// <summary>"Last transform of acme: succeeded at … (0.4s): campaign_leads +12 ~3 -0, …", or that none has run.</summary>
    private static string LastTransformLine(WorkspaceSummary workspace, StatusReport report)
    {
        var label = WorkspaceLabel(workspace.Name, workspace.WorkspaceId);
        if (report.LastTransforms.FirstOrDefault(t => t.WorkspaceId == workspace.WorkspaceId) is not { } run)
        {
            return $"Last transform of {label}: none yet (run 'instantly-sync transform')";
        }

        var tables = string.Join(", ", EntityCountsOf(run.Counts).Select(t =>
            $"{t.Entity} +{Number(t.Counts, "inserted")} ~{Number(t.Counts, "updated")} -{Number(t.Counts, "deleted")}"));
        var duration = run.FinishedAt is { } f ? $" ({(f - run.StartedAt).TotalSeconds:0.0}s)" : "";
        return $"Last transform of {label}: {run.Status} at {run.StartedAt:yyyy-MM-dd HH:mm:ss} UTC{duration}"
            + (tables.Length > 0 ? $": {tables}" : "") + (run.Error is null ? "" : $" - {Truncate(run.Error, 90)}");
    }

    private static (long Inserted, long Updated, long Failed) Totals(string countsJson)
    {
        long inserted = 0, updated = 0, failed = 0;
        foreach (var (_, counts) in EntityCountsOf(countsJson))
        {
            inserted += Number(counts, "inserted");
            updated += Number(counts, "updated");
            failed += Number(counts, "failed");
        }

        return (inserted, updated, failed);
    }

    /// <summary>Each entity's counts in a batch's counts document (keys starting with '_' are run-wide).</summary>
    private static List<(string Entity, JsonElement Counts)> EntityCountsOf(string countsJson)
    {
        using var document = JsonDocument.Parse(countsJson);
        return document.RootElement.EnumerateObject()
            .Where(entity => entity.Value.ValueKind == JsonValueKind.Object && !entity.Name.StartsWith('_'))
            .Select(entity => (entity.Name, entity.Value.Clone()))
            .ToList();
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : 0;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
