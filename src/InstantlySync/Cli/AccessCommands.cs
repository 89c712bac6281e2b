using System.CommandLine;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary>
/// <c>instantly-sync grant ROLE [--workspace …]</c> and <c>revoke ROLE</c>: read access for another
/// database role to chosen workspaces' rows only (README, "Isolation").
/// </summary>
internal static class AccessCommands
{
    private static readonly Argument<string> Role = new("ROLE") { Description = "An existing database role, e.g. a Supabase role or a reporting user" };

    public static Command Grant(CliContext context)
    {
        var command = new Command("grant", "Let a database role read the rows of the chosen workspaces (SELECT only, every raw and modeled table and view)");
        command.Arguments.Add(Role);
        command.Options.Add(CommonOptions.Workspace);
        command.SetAction((parseResult, cancellationToken) => GrantAsync(parseResult, context, cancellationToken));
        return command;
    }

    public static Command Revoke(CliContext context)
    {
        var command = new Command("revoke", "Take back everything 'grant' gave a database role");
        command.Arguments.Add(Role);
        command.SetAction((parseResult, cancellationToken) => RevokeAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> GrantAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
        => await WithRoleAsync(parseResult, context, selectWorkspaces: true, async (settings, workspaces, dataSource, access, role) =>
        {
            var store = new WorkspaceStore(dataSource);
            var ids = new List<string>();
            foreach (var workspace in workspaces)
            {
                var known = await WorkspaceLookup.FindAsync(settings, workspace, store, context.Time, cancellationToken);
                if (known.Id is null)
                {
                    await context.Error.WriteLineAsync($"instantly-sync: {known.Problem ?? $"workspace {workspace.Name} has never been synced, so its Instantly id is unknown; run 'instantly-sync sync --workspace {workspace.Name}' or set {workspace.KeySource}"}");
                    return ExitCodes.PreconditionFailed;
                }

                ids.Add(known.Id);
            }

            var granted = await access.GrantAsync(role, ids, cancellationToken);
            await context.Out.WriteLineAsync(
                $"Role {role} may now read the rows of {string.Join(", ", workspaces.Select(w => w.Name))} ({granted.Count} workspace(s) in all) in {access.Tables.Count} tables and {ReadAccess.ModeledViews.Count} views; it cannot write.");
            return ExitCodes.Success;
        }, cancellationToken);

    private static async Task<int> RevokeAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
        => await WithRoleAsync(parseResult, context, selectWorkspaces: false, async (_, _, _, access, role) =>
        {
            var had = await access.RevokeAsync(role, cancellationToken);
            await context.Out.WriteLineAsync($"Role {role} can no longer read any workspace's rows (it had {had}).");
            return ExitCodes.Success;
        }, cancellationToken);

    private delegate Task<int> RoleAction(Settings settings, IReadOnlyList<WorkspaceSettings> workspaces, NpgsqlDataSource dataSource, ReadAccess access, string role);

    /// <summary>What grant and revoke share: settings (exit 3), the workspaces (exit 2), an up-to-date schema and an existing role (exit 3), a reachable database.</summary>
    private static async Task<int> WithRoleAsync(
        ParseResult parseResult, CliContext context, bool selectWorkspaces, RoleAction action, CancellationToken cancellationToken)
    {
        var settings = await CommandSetup.LoadSettingsAsync(parseResult, context, SettingsNeeds.Database);
        if (settings is null)
        {
            return ExitCodes.PreconditionFailed;
        }

        var workspaces = selectWorkspaces ? await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings) : [];
        if (workspaces is null)
        {
            return ExitCodes.InvalidUsage;
        }

        var role = parseResult.GetValue(Role)!;
        await using var dataSource = Database.Create(settings.ConnectionString!);
        try
        {
            var access = new ReadAccess(dataSource, settings.Models.Schema);
            return await RefuseAsync(context, settings, dataSource, access, role, cancellationToken) is { } refused
                ? refused
                : await action(settings, workspaces, dataSource, access, role);
        }
        catch (NpgsqlException ex)
        {
            return await CommandSetup.ReportDatabaseFailureAsync(context, settings, ex);
        }
    }

    /// <summary>Exit 3 for a role that does not exist or a schema that is not up to date; null when the command may go on.</summary>
    private static async Task<int?> RefuseAsync(
        CliContext context, Settings settings, NpgsqlDataSource dataSource, ReadAccess access, string role, CancellationToken cancellationToken)
    {
        var schemaError = await CommandSetup.PrepareSchemaAsync(settings, dataSource, mayMigrate: true, Serilog.Core.Logger.None, cancellationToken);
        if (schemaError is not null)
        {
            await context.Error.WriteLineAsync($"instantly-sync: {schemaError}");
            return ExitCodes.PreconditionFailed;
        }

        if (!await access.RoleExistsAsync(role, cancellationToken))
        {
            await context.Error.WriteLineAsync($"instantly-sync: the database role '{role}' does not exist; create it first (CREATE ROLE …)");
            return ExitCodes.PreconditionFailed;
        }

        return null;
    }
}
