using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Workspaces;
using Npgsql;
using Serilog.Core;

namespace InstantlySync.Import;

/// <summary>
/// Which Instantly workspace an import writes into. A snapshot needs no API key, so the id comes
/// from what is known: the id an earlier sync stored under the configured name, else the
/// workspace's key if it is set, else the workspace id the snapshot's records name. Two of them
/// disagreeing is refused: the file belongs to another workspace.
/// </summary>
internal static class ImportTarget
{
    public static async Task<(string? WorkspaceId, string? Problem)> ResolveAsync(
        Settings settings, WorkspaceSettings workspace, string? fromFile, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new WorkspaceStore(dataSource);
        var stored = await store.FindIdAsync(workspace.Name, cancellationToken);
        var known = stored;
        Workspace? reached = null;
        if (known is null && workspace.ApiKey is not null)
        {
            using var client = InstantlyClient.Create(settings.Instantly, workspace.ApiKey, time, Logger.None, asWorkspace: workspace.SubWorkspaceId);
            try
            {
                reached = Workspace.From(workspace, await client.GetCurrentWorkspaceAsync(cancellationToken));
                known = reached?.Id;
            }
            catch (InstantlyApiException ex)
            {
                return (null, $"workspace {workspace.Name} could not be reached with {workspace.KeySource}: {ex.Message}");
            }
        }

        if (known is not null && fromFile is not null && known != fromFile)
        {
            return (null, $"the snapshot's records belong to workspace {fromFile}, but workspace {workspace.Name} is {known}; choose the right --workspace");
        }

        var id = known ?? fromFile;
        if (id is null)
        {
            return (null, $"cannot tell which Instantly workspace '{workspace.Name}' is: the snapshot names none; run 'instantly-sync sync --workspace {workspace.Name}' once, or set {workspace.KeySource}");
        }

        var unattributed = await store.HasUnattributedRowsAsync(cancellationToken);
        if (unattributed && settings.Workspaces.Count > 1)
        {
            return (null, WorkspaceStore.AdoptFirst);
        }

        if (stored is null)
        {
            await store.RecordAsync(reached ?? new Workspace(workspace, id, null, "{}"), cancellationToken);
        }

        if (unattributed)
        {
            await store.AdoptAsync(id, cancellationToken);
        }

        return (id, null);
    }
}
