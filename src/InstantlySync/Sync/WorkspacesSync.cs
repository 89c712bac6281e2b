using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
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
    Action<IReadOnlyCollection<EntityCounts>, string>? trackEntities = null,
    AfterWrite? afterWrite = null)
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
        var (workspace, failure) = await IdentifyAsync(configured, client, log, cancellationToken);
        if (workspace is null)
        {
            if (!request.DryRun)
            {
                await RecordUnreachableAsync(configured, request, failure!, cancellationToken);
            }

            return new WorkspaceOutcome(configured, null, RunStatus.Stopped, null, failure);
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
            trackEntities is null ? null : counts => trackEntities(counts, workspace.Name), afterWrite);
        var outcome = await runner.RunAsync(request, settings.Sync.BatchSize, cancellationToken);
        if (!request.DryRun && outcome.Result is not (RunStatus.Locked or RunStatus.Stopped))
        {
            await store.MarkSyncedAsync(workspace.Id, time.GetUtcNow(), CancellationToken.None);
        }

        return new WorkspaceOutcome(configured, workspace, outcome.Result, outcome, outcome.Error);
    }

    /// <summary>The workspace behind the key (and x-as-workspace), or why it cannot be reached (logged).</summary>
    private static async Task<(Workspace? Workspace, string? Failure)> IdentifyAsync(
        WorkspaceSettings settings, InstantlyClient client, ILogger log, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            var current = await client.GetCurrentWorkspaceAsync(cancellationToken);
            if (Workspace.From(settings, current) is { } workspace)
            {
                return (workspace, null);
            }

            failure = "GET /workspaces/current answered without an id";
        }
        catch (InstantlyApiException ex)
        {
            failure = ex.Message;
        }

        var via = settings.SubWorkspaceId is null ? settings.KeySource : $"{settings.KeySource} as sub-workspace {settings.SubWorkspaceId}";
        log.Phase(LogPhases.End).Error("Workspace {Workspace} could not be reached with {Via}: {Error}; nothing was synced", settings.Name, via, failure);
        return (null, $"workspace {settings.Name} could not be reached with {via}: {failure}");
    }

    /// <summary>
    /// A workspace synced before (its id is stored) whose key now fails gets a failed run, so
    /// <c>status</c> and alerts on <c>sync_batches</c> see it; a never-synced one has no id to record it under.
    /// </summary>
    private async Task RecordUnreachableAsync(WorkspaceSettings configured, SyncRequest request, string failure, CancellationToken cancellationToken)
    {
        if (await new WorkspaceStore(dataSource).FindIdAsync(configured.Name, cancellationToken) is not { } id)
        {
            return;
        }

        var now = time.GetUtcNow();
        var batches = new BatchStore(dataSource, id);
        var batchId = Guid.CreateVersion7(now);
        await batches.StartAsync(batchId, request.ModeName, request.WindowStart, null, request.EntityNames, now, cancellationToken);
        await batches.FinishAsync(batchId, RunStatuses.Stored(RunStatus.Stopped), "{}", failure, now);
    }
}
