using InstantlySync.Api;
using InstantlySync.Configuration;
using Serilog.Core;

namespace InstantlySync.Workspaces;

/// <summary>What is known of a configured workspace without syncing it.</summary>
/// <param name="Id">Its Instantly id, when known.</param>
/// <param name="Stored">The id came from <c>instantly_workspaces</c> (an earlier run recorded it).</param>
/// <param name="Reached">What <c>GET /workspaces/current</c> said, when it was asked.</param>
/// <param name="Problem">Why asking the API failed.</param>
internal sealed record KnownWorkspace(string? Id, bool Stored, Workspace? Reached, string? Problem);

/// <summary>
/// Finds a configured workspace's Instantly id for the commands that do not sync it (import,
/// migrate --adopt): the id an earlier run stored under its name, else its key's answer to
/// <c>GET /workspaces/current</c> when the key is set.
/// </summary>
internal static class WorkspaceLookup
{
    public static async Task<KnownWorkspace> FindAsync(
        Settings settings, WorkspaceSettings workspace, WorkspaceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.FindIdAsync(workspace.Name, cancellationToken) is { } stored)
        {
            return new KnownWorkspace(stored, Stored: true, null, null);
        }

        if (workspace.ApiKey is null)
        {
            return new KnownWorkspace(null, Stored: false, null, null);
        }

        var (reached, failure) = await ReachAsync(settings.Instantly, workspace, time, cancellationToken);
        return reached is null
            ? new KnownWorkspace(null, Stored: false, null, $"workspace {workspace.Name} could not be reached with {workspace.KeySource}: {failure}")
            : new KnownWorkspace(reached.Id, Stored: false, reached, null);
    }

    /// <summary>
    /// Asks <c>GET /workspaces/current</c> with the workspace's key (and <c>x-as-workspace</c>):
    /// the workspace, or the plain reason it cannot be reached.
    /// </summary>
    public static async Task<(Workspace? Reached, string? Failure)> ReachAsync(
        InstantlySettings instantly, WorkspaceSettings workspace, TimeProvider time, CancellationToken cancellationToken)
    {
        if (workspace.ApiKey is null)
        {
            return (null, workspace.SubWorkspaceId is null
                ? $"{workspace.KeySource} is not set"
                : $"the admin key in {SettingsLoader.ApiKeyVariable} is not set");
        }

        using var client = InstantlyClient.Create(instantly, workspace.ApiKey, time, Logger.None, asWorkspace: workspace.SubWorkspaceId);
        try
        {
            var reached = Workspace.From(workspace, await client.GetCurrentWorkspaceAsync(cancellationToken));
            return reached is null ? (null, "GET /workspaces/current answered without an id") : (reached, null);
        }
        catch (InstantlyApiException ex)
        {
            return (null, ex.Message);
        }
    }
}
