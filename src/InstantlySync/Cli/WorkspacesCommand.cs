using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;
using Serilog.Core;

namespace InstantlySync.Cli;

/// <summary>
/// <c>instantly-sync workspaces [--discover]</c>: each configured workspace with its Instantly id
/// and name, whether its key is accepted (or the plain reason it is not) and its last run;
/// <c>--discover</c> lists the sub-workspaces the admin key reaches, as entries to paste.
/// </summary>
internal static partial class WorkspacesCommand
{
    private static readonly Option<bool> Discover = new("--discover")
    {
        Description = "List the sub-workspaces the admin key in INSTANTLY_API_KEY reaches (GET /workspace-group-members), as Workspaces entries to paste",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("workspaces", "List the configured workspaces: Instantly id and name, key status, last run");
        command.Options.Add(Discover);
        command.Options.Add(CommonOptions.Workspace);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var settings = await CommandSetup.LoadSettingsAsync(parseResult, context, SettingsNeeds.None);
        if (settings is null)
        {
            return ExitCodes.PreconditionFailed;
        }

        if (parseResult.GetValue(Discover))
        {
            return await DiscoverAsync(context, settings, cancellationToken);
        }

        var workspaces = await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings);
        if (workspaces is null)
        {
            return ExitCodes.InvalidUsage;
        }

        var lastRuns = await LastRunsAsync(context, settings, cancellationToken);
        var failed = 0;
        foreach (var workspace in workspaces)
        {
            var via = workspace.SubWorkspaceId is null ? workspace.KeySource : $"{SettingsLoader.ApiKeyVariable} as sub-workspace {workspace.SubWorkspaceId}";
            // A listing should answer quickly: a couple of retries at most.
            var instantly = settings.Instantly with { MaxRetries = Math.Min(settings.Instantly.MaxRetries, 2) };
            var (reached, problem) = await WorkspaceLookup.ReachAsync(instantly, workspace, context.Time, cancellationToken);
            failed += reached is null ? 1 : 0;
            await context.Out.WriteLineAsync($"{workspace.Name}");
            await context.Out.WriteLineAsync($"  key:       {via}: {(reached is null ? "NOT usable - " + problem : "accepted")}");
            await context.Out.WriteLineAsync($"  instantly: {(reached is null ? "-" : $"{reached.Id} \"{reached.InstantlyName ?? "(unnamed)"}\"")}");
            await context.Out.WriteLineAsync($"  last run:  {lastRuns.GetValueOrDefault(workspace.Name) ?? "none yet"}");
        }

        return failed == 0 ? ExitCodes.Success : ExitCodes.PreconditionFailed;
    }

    /// <summary>Each configured name's last run as "status at time (batch)", when a database is configured and reachable.</summary>
    private static async Task<Dictionary<string, string>> LastRunsAsync(CliContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.ConnectionString is null)
        {
            return [];
        }

        await using var dataSource = Database.Create(settings.ConnectionString);
        try
        {
            return (await new WorkspaceStore(dataSource).LastRunsAsync(cancellationToken))
                .ToDictionary(r => r.Name, r => $"{r.Status} at {r.StartedAt:yyyy-MM-dd HH:mm:ss} UTC (batch {r.BatchId})");
        }
        catch (NpgsqlException ex)
        {
            await context.Error.WriteLineAsync($"instantly-sync: last runs unknown: cannot read the database at {DatabaseUrl.Describe(settings.ConnectionString)}: {Database.Describe(ex)}");
            return [];
        }
    }

    private static async Task<int> DiscoverAsync(CliContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.ApiKey is null)
        {
            await context.Error.WriteLineAsync($"instantly-sync: --discover needs the admin workspace's key in {SettingsLoader.ApiKeyVariable}");
            return ExitCodes.PreconditionFailed;
        }

        using var client = InstantlyClient.Create(settings.Instantly, settings.ApiKey, context.Time, Logger.None);
        var members = new List<(string Id, string? Name, string? Status)>();
        try
        {
            await foreach (var page in client.ListWorkspaceGroupMembersAsync(cancellationToken))
            {
                members.AddRange(page.Items.Where(i => i.ValueKind == JsonValueKind.Object).Select(i =>
                    (Text(i, "sub_workspace_id") ?? "", Text(i, "sub_workspace_name"), Text(i, "status"))));
            }
        }
        catch (InstantlyApiException ex)
        {
            await context.Error.WriteLineAsync($"instantly-sync: the key in {SettingsLoader.ApiKeyVariable} cannot list a workspace group: {ex.Message}");
            return ExitCodes.PreconditionFailed;
        }

        members.RemoveAll(m => m.Id.Length == 0);
        await context.Out.WriteLineAsync($"The admin key reaches {members.Count} sub-workspace(s). Entries for the Workspaces section of appsettings.json:");
        var entries = members.Select(m => $"  {{ \"Name\": \"{Slug(m.Name, m.Id)}\", \"SubWorkspaceId\": \"{m.Id}\" }}"
            + (m.Status is null or "accepted" ? "" : $"  (invitation {m.Status})"));
        await context.Out.WriteLineAsync(string.Join("," + Environment.NewLine, entries));
        return ExitCodes.Success;
    }

    private static string? Text(JsonElement item, string name)
        => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A valid configured name from the workspace's own name: lower case, runs of anything else as '-'.</summary>
    private static string Slug(string? name, string id)
    {
        var slug = NotNameCharacters().Replace((name ?? "").ToLower(CultureInfo.InvariantCulture), "-").Trim('-');
        slug = slug.Length > 63 ? slug[..63].TrimEnd('-') : slug;
        return slug.Length > 0 ? slug : "workspace-" + id[..8];
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NotNameCharacters();
}
