using System.Text.Json;
using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Entities;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Storage;
using Npgsql;
using Serilog;

namespace InstantlySync.Sync;

/// <summary>
/// One sync run of one workspace: the run lifecycle (the workspace's lock, its batch row), an
/// optional rollback, campaigns first (the others need the list), then the remaining entities
/// concurrently under the workspace's rate limits, then the verdict.
/// </summary>
internal sealed class SyncRunner(
    Settings settings,
    string workspaceId,
    NpgsqlDataSource dataSource,
    InstantlyClient client,
    TimeProvider time,
    ILogger logger,
    Action<IReadOnlyCollection<EntityCounts>>? trackEntities = null,
    AfterWrite? afterWrite = null)
{
    private readonly ILogger _log = logger.ForContext<SyncRunner>();

    public async Task<SyncOutcome> RunAsync(SyncRequest request, int batchSize, CancellationToken cancellationToken)
    {
        var record = new RunRecord(request.ModeName, request.EntityNames, request.WindowStart,
            request.WindowEnd is { } end ? new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);
        await using var lifecycle = await Run.BeginAsync(dataSource, workspaceId, time, _log, record, request.DryRun, cancellationToken);
        var log = lifecycle.Log;
        if (lifecycle.LockedOut)
        {
            var message = lifecycle.ReportLockedOut("another sync is running", "Not started");
            return new SyncOutcome(lifecycle.BatchId, RunStatus.Locked, [], message);
        }

        var watermarks = await ReadWatermarksAsync(request, lifecycle, cancellationToken);
        using var budget = new TimeBudget(settings.Sync.MaxDuration, lifecycle.Elapsed, time);
        var run = new SyncRun
        {
            Settings = settings,
            Request = request,
            BatchId = lifecycle.BatchId,
            WorkspaceId = workspaceId,
            StartedAt = lifecycle.StartedAt,
            Client = client,
            Upserter = new Upserter(dataSource, workspaceId, log),
            DeadLetters = new DeadLetters(dataSource, workspaceId),
            Log = log,
            Watermarks = watermarks,
            BatchSize = batchSize,
            Budget = budget,
        };

        log.Phase(LogPhases.Start, new
        {
            mode = request.ModeName,
            entities = request.EntityNames,
            dry_run = request.DryRun,
            batch_size = batchSize,
            max_duration_seconds = budget.Limit?.TotalSeconds,
        }).Information("Sync {Mode} of {Entities}{DryRun}{Budget}", request.ModeName, string.Join(", ", request.EntityNames),
            request.DryRun ? " (dry run)" : "", budget.Limit is null ? "" : $" within {budget.Describe()}");

        var executed = await ExecuteAsync(run, cancellationToken);
        var verdict = await lifecycle.FinishAsync(new Verdict(executed.Result, executed.Error), CountsJson(executed, client.Stats));
        var outcome = executed with { Result = verdict.Status, Error = verdict.Error };

        LogEnd(log, outcome, lifecycle.Elapsed, budget);
        return await AfterWriteAsync(request, outcome, cancellationToken);
    }

    /// <summary>
    /// A sync that wrote rows ends with <paramref name="afterWrite"/> (the modeled layer's update)
    /// before its lock is released. Its rows are committed whatever that does, so a failure there
    /// turns a successful sync partial (exit 1) rather than undoing or hiding it.
    /// </summary>
    private async Task<SyncOutcome> AfterWriteAsync(SyncRequest request, SyncOutcome outcome, CancellationToken cancellationToken)
    {
        var wrote = outcome.Entities.Sum(e => e.Inserted + e.Updated) > 0;
        if (afterWrite is null || request.DryRun || !wrote || outcome.Result is RunStatus.Cancelled or RunStatus.Stopped or RunStatus.Locked)
        {
            return outcome;
        }

        var after = await afterWrite(workspaceId, logger, cancellationToken);
        return after.Status switch
        {
            RunStatus.Succeeded => outcome,
            RunStatus.Cancelled => outcome with { Result = RunStatus.Cancelled, Error = after.Error },
            _ when outcome.Result == RunStatus.Succeeded => outcome with { Result = RunStatus.Partial, Error = $"synced, but the modeled layer was not updated: {after.Error}" },
            _ => outcome,
        };
    }

    /// <summary>
    /// The run's closing line: END (INFO when it succeeded, ERROR when it is partial, failed or
    /// stopped), CANCELLED or TIMEOUT (WARNING, with what is left).
    /// </summary>
    private void LogEnd(ILogger log, SyncOutcome outcome, TimeSpan elapsed, TimeBudget budget)
    {
        var phase = outcome.Result switch
        {
            RunStatus.Cancelled => LogPhases.Cancelled,
            RunStatus.Timeout => LogPhases.Timeout,
            _ => LogPhases.End,
        };
        var endLog = log.Phase(phase, new
        {
            status = outcome.Status,
            requests = client.Stats.Attempts,
            rate_limited = client.Stats.TooManyRequests,
            retries = client.Stats.Retries,
            duration_ms = (long)elapsed.TotalMilliseconds,
            max_duration_seconds = budget.Limit?.TotalSeconds,
            left = outcome.Result == RunStatus.Timeout
                ? outcome.Entities.Where(e => e.Status == EntityStatus.Timeout).ToDictionary(e => e.Entity, e => e.Error)
                : null,
        });
        switch (outcome.Result)
        {
            case RunStatus.Succeeded:
                endLog.Information("Sync {Status} in {Seconds:0.0}s: {Requests} requests, {RateLimited} rate-limited",
                    outcome.Status, elapsed.TotalSeconds, client.Stats.Attempts, client.Stats.TooManyRequests);
                break;
            case RunStatus.Timeout:
                endLog.Warning("Sync stopped at its {Budget} time budget after {Seconds:0.0}s with work left in {Left}; the next run continues from the committed watermarks",
                    budget.Describe(), elapsed.TotalSeconds,
                    string.Join(", ", outcome.Entities.Where(e => e.Status == EntityStatus.Timeout).Select(e => e.Entity)));
                break;
            case RunStatus.Cancelled:
                endLog.Warning("Sync {Status}{Reason}", outcome.Status, outcome.Error is null ? "" : ": " + outcome.Error);
                break;
            default:
                endLog.Error("Sync {Status}{Reason}", outcome.Status, outcome.Error is null ? "" : ": " + outcome.Error);
                break;
        }
    }

    /// <summary>The watermarks the run starts from; a rollback rewinds the windowed ones first (persisted unless dry).</summary>
    private async Task<IReadOnlyDictionary<string, DateTimeOffset?>> ReadWatermarksAsync(SyncRequest request, Run lifecycle, CancellationToken cancellationToken)
    {
        var state = new StateStore(dataSource, workspaceId);
        var rewound = request.Entities.Where(e => e.Windowed).Select(e => e.Name).ToList();
        var to = request.RollbackTo is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        if (request.Mode == SyncMode.Rollback && !request.DryRun)
        {
            await state.RewindAsync(rewound, to!.Value, lifecycle.BatchId, cancellationToken);
            lifecycle.Log.Phase(LogPhases.Rollback, new { to = request.RollbackTo!.Value.ToString("yyyy-MM-dd"), entities = rewound })
                .Warning("Rewound the watermarks of {Entities} to {To}", string.Join(", ", rewound), request.RollbackTo.Value.ToString("yyyy-MM-dd"));
        }

        var watermarks = await state.ReadAsync(cancellationToken);
        if (request.Mode != SyncMode.Rollback || !request.DryRun)
        {
            return watermarks;
        }

        // A dry rollback shows what the rollback would read without persisting the rewind.
        var dry = watermarks.ToDictionary(w => w.Key, w => w.Value);
        foreach (var entity in EntityCatalog.All.Where(e => e.Windowed))
        {
            dry[entity.Name] = dry.GetValueOrDefault(entity.Name) is { } current && current < to ? current : to;
        }

        return dry;
    }

    private async Task<SyncOutcome> ExecuteAsync(SyncRun run, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counts = run.Request.Entities.ToDictionary(e => e, e => new EntityCounts(e.Name));
        trackEntities?.Invoke(counts.Values);
        var failures = new RunFailures();
        var guard = new EntityGuard(run, failures, stop);

        var request = run.Request;
        var campaigns = request.Entities.FirstOrDefault(e => e.Reading == Reading.CampaignList);
        // Leads are listed per campaign; without the list they fall back to one workspace-wide chain.
        var needCampaignList = request.Includes(Reading.DailyPerCampaign) || request.Includes(Reading.LifetimePerCampaign)
            || request.Includes(Reading.ListingPerCampaign) || (request.Mode == SyncMode.All && request.Includes(Reading.SinceWatermark));
        if (campaigns is not null)
        {
            await guard.RunAsync(campaigns, counts[campaigns], token => CampaignsSync.RunAsync(run, counts[campaigns], token));
        }
        else if (needCampaignList)
        {
            await ListCampaignsOnlyAsync(run, failures, stop);
        }

        var campaignsFailed = campaigns is not null && counts[campaigns].Status == EntityStatus.Failed;
        var rest = new List<Task>();
        foreach (var entity in request.Entities.Where(e => e.Reading != Reading.CampaignList))
        {
            if (stop.IsCancellationRequested)
            {
                counts[entity].Finish(EntityStatus.Cancelled);
                continue;
            }

            if (run.Budget.Spent)
            {
                counts[entity].Finish(EntityStatus.Timeout, "not started: the time budget ran out first");
                continue;
            }

            var perCampaign = entity.Reading is Reading.DailyPerCampaign or Reading.LifetimePerCampaign;
            if (perCampaign && (campaignsFailed || failures.Any) && run.Campaigns.Count == 0)
            {
                counts[entity].Finish(EntityStatus.Failed, "the campaign list could not be read");
                continue;
            }

            var entityCounts = counts[entity];
            rest.Add(guard.RunAsync(entity, entityCounts, token => entity.Reading switch
            {
                Reading.Listing => ListingSync.AccountsAsync(run, entity, entityCounts, token),
                Reading.ListingPerCampaign => ListingSync.LeadsAsync(run, entity, entityCounts, token),
                Reading.SinceWatermark => EmailsSync.RunAsync(run, entity, entityCounts, token),
                Reading.DailyPerCampaign => AnalyticsSync.DailyAsync(run, entity, entityCounts, token),
                Reading.LifetimePerCampaign => AnalyticsSync.LifetimeAsync(run, entity, entityCounts, token),
                _ => throw new InvalidOperationException($"No reader for {entity.Reading}"),
            }));
        }

        await Task.WhenAll(rest);

        var all = counts.Values.ToList();
        var verdict = RunVerdict.Decide(all.Select(c => c.Result).ToList(), cancellationToken.IsCancellationRequested, failures.StopError, failures.RunError);
        return new SyncOutcome(run.BatchId, verdict.Status, all, verdict.Error);
    }

    /// <summary>Lists the campaigns the other entities iterate over when campaigns themselves are not synced.</summary>
    private static async Task ListCampaignsOnlyAsync(SyncRun run, RunFailures failures, CancellationTokenSource stop)
    {
        try
        {
            await CampaignsSync.RunAsync(run, null, stop.Token);
        }
        catch (OperationCanceledException ex) when (run.Budget.Stopped(ex, stop.Token))
        {
            // The entities that needed the list are not started; they count as timed out.
        }
        catch (InstantlyApiException ex) when (!ex.StopsRun && !run.Request.Includes(Reading.DailyPerCampaign)
            && !run.Request.Includes(Reading.LifetimePerCampaign) && !run.Request.Includes(Reading.SinceWatermark))
        {
            // Only the leads wanted the list, to split their scan: one workspace-wide chain reads them all the same.
            run.Log.Phase(LogPhases.EntityStart(Leads.Entity.Name)).Warning("Campaigns could not be listed ({Error}); leads are read in one chain", ex.Message);
        }
        catch (InstantlyApiException ex)
        {
            var error = $"campaigns could not be listed: {ex.Message}";
            if (ex.StopsRun)
            {
                failures.Stop(error);
                await stop.CancelAsync();
            }
            else
            {
                failures.Fail(error);
            }
        }
    }

    private static string CountsJson(SyncOutcome outcome, ApiStats stats)
    {
        var document = outcome.Entities.ToDictionary(c => c.Entity, c => (object)c.ToMeta());
        document["_api"] = new Dictionary<string, long>
        {
            ["requests"] = stats.Attempts,
            ["retries"] = stats.Retries,
            ["rate_limited"] = stats.TooManyRequests,
        };
        return JsonSerializer.Serialize(document);
    }
}
