using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Workspaces;
using Npgsql;
using Serilog;

namespace InstantlySync.Sync;

/// <summary>How one workspace's sync ended; <see cref="Run"/> is null when it never started (its key refused, its id unreadable).</summary>
internal sealed record WorkspaceOutcome(WorkspaceSettings Settings, Workspace? Workspace, RunStatus Result, SyncOutcome? Run, string? Error)
{
    public string Name => Settings.Name;
}

/// <summary>
/// One <c>sync</c> over the selected workspaces, <c>Sync:WorkspaceConcurrency</c> at a time. Each
/// has its own client (so its own rate budget: the API's limits are per workspace), its own
/// watermarks and its own run lock, and fails alone: a refused key stops that workspace, not the
/// others. A workspace is first identified by <c>GET /workspaces/current</c>; its Instantly id is
/// what every row it writes carries.
/// </summary>
internal sealed class WorkspacesSync(
    Settings settings,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    ILogger logger,
    Action<IReadOnlyCollection<EntityCounts>, string>? trackEntities = null)
{
    /// <param name="adopt">Attribute the rows written before workspaces existed to the (one) workspace first.</param>
    public async Task<IReadOnlyList<WorkspaceOutcome>> RunAsync(
        IReadOnlyList<WorkspaceSettings> workspaces, SyncRequest request, bool adopt, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(settings.Sync.WorkspaceConcurrency);
        var runs = workspaces.Select(async workspace =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await RunOneAsync(workspace, request, adopt, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(runs);
    }

    private async Task<WorkspaceOutcome> RunOneAsync(WorkspaceSettings configured, SyncRequest request, bool adopt, CancellationToken cancellationToken)
    {
        var log = logger.ForWorkspace(configured.Name);
        using var client = InstantlyClient.Create(settings.Instantly, configured.ApiKey!, time, log, asWorkspace: configured.SubWorkspaceId);
        var workspace = await IdentifyAsync(configured, client, log, cancellationToken);
        if (workspace is null)
        {
            return new WorkspaceOutcome(configured, null, RunStatus.Stopped, null, $"workspace {configured.Name} could not be reached");
        }

        log = log.ForWorkspace(workspace.Name, workspace.Id);
        var store = new WorkspaceStore(dataSource);
        if (!request.DryRun)
        {
            await store.RecordAsync(workspace, cancellationToken);
            if (adopt)
            {
                var moved = await store.AdoptAsync(workspace.Id, cancellationToken);
                log.Phase(LogPhases.Adopt, moved).Warning(
                    "Attributed {Rows} rows written before workspaces existed to workspace {Workspace} ({Id})", moved.Values.Sum(), workspace.Name, workspace.Id);
            }
        }

        var runner = new SyncRunner(settings, workspace.Id, dataSource, client, time, log,
            trackEntities is null ? null : counts => trackEntities(counts, workspace.Name));
        var outcome = await runner.RunAsync(request, settings.Sync.BatchSize, cancellationToken);
        if (!request.DryRun && outcome.Result is not (RunStatus.Locked or RunStatus.Stopped))
        {
            await store.MarkSyncedAsync(workspace.Id, time.GetUtcNow(), CancellationToken.None);
        }

        return new WorkspaceOutcome(configured, workspace, outcome.Result, outcome, outcome.Error);
    }

    /// <summary>The workspace behind the key (and x-as-workspace), or null after logging why it cannot be reached.</summary>
    private static async Task<Workspace?> IdentifyAsync(WorkspaceSettings settings, InstantlyClient client, ILogger log, CancellationToken cancellationToken)
    {
        try
        {
            var current = await client.GetCurrentWorkspaceAsync(cancellationToken);
            if (Workspace.From(settings, current) is { } workspace)
            {
                return workspace;
            }

            log.Phase(LogPhases.End).Error("Workspace {Workspace}: GET /workspaces/current answered without an id; nothing was synced", settings.Name);
        }
        catch (InstantlyApiException ex)
        {
            log.Phase(LogPhases.End, new { http_status = ex.StatusCode }).Error(
                "Workspace {Workspace} could not be reached with {KeySource}{Sub}: {Error}",
                settings.Name, settings.KeySource, settings.SubWorkspaceId is null ? "" : $" as sub-workspace {settings.SubWorkspaceId}", ex.Message);
        }

        return null;
    }
}
