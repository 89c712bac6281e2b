using InstantlySync.Configuration;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Import;

/// <summary>
/// Which Instantly workspace an import writes into. A snapshot needs no API key, so the id comes
/// from what is known (<see cref="WorkspaceLookup"/>), else from the workspace id the snapshot's
/// records name. The two disagreeing is refused: the file belongs to another workspace.
/// </summary>
internal static class ImportTarget
{
    public static async Task<(string? WorkspaceId, string? Problem)> ResolveAsync(
        Settings settings, WorkspaceSettings workspace, string? fromFile, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new WorkspaceStore(dataSource);
        var known = await WorkspaceLookup.FindAsync(settings, workspace, store, time, cancellationToken);
        if (known.Problem is not null)
        {
            return (null, known.Problem);
        }

        if (known.Id is not null && fromFile is not null && known.Id != fromFile)
        {
            return (null, $"the snapshot's records belong to workspace {fromFile}, but workspace {workspace.Name} is {known.Id}; choose the right --workspace");
        }

        var id = known.Id ?? fromFile;
        if (id is null)
        {
            return (null, $"cannot tell which Instantly workspace '{workspace.Name}' is: the snapshot names none; run 'instantly-sync sync --workspace {workspace.Name}' once, or set {workspace.KeySource}");
        }

        var unattributed = await store.HasUnattributedRowsAsync(cancellationToken);
        if (unattributed && settings.Workspaces.Count > 1)
        {
            return (null, WorkspaceStore.AdoptFirst);
        }

        if (!known.Stored)
        {
            await store.RecordAsync(known.Reached ?? new Workspace(workspace, id, null, "{}"), cancellationToken);
        }

        if (unattributed)
        {
            await store.AdoptAsync(id, cancellationToken);
        }

        return (id, null);
    }
}
