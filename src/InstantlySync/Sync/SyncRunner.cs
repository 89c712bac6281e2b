using System.Text.Json;
using InstantlySync.Api;
using InstantlySync.Cli;
using InstantlySync.Configuration;
using InstantlySync.Logging;
using InstantlySync.Storage;
using Npgsql;
using Serilog;

namespace InstantlySync.Sync;

/// <summary>
/// One sync run: lock, batch row, optional rollback, campaigns first (the others need the list),
/// then the remaining entities concurrently under the shared rate limits, then the outcome.
/// </summary>
internal sealed class SyncRunner(
    Settings settings,
    NpgsqlDataSource dataSource,
    InstantlyClient client,
    TimeProvider time,
    ILogger logger,
    Action<IReadOnlyCollection<EntityCounts>>? trackEntities = null)
{
    private readonly ILogger _log = logger.ForContext<SyncRunner>();

    public async Task<SyncOutcome> RunAsync(SyncRequest request, int batchSize, CancellationToken cancellationToken)
    {
        var batchId = Guid.CreateVersion7(time.GetUtcNow());
        var log = _log.ForContext(LogContext.BatchIdProperty, batchId);
        var batches = new BatchStore(dataSource);
        var startedAt = time.GetUtcNow();

        await using var runLock = request.DryRun ? null : await RunLock.TryAcquireAsync(dataSource, cancellationToken);
        if (!request.DryRun && runLock is null)
        {
            var holder = await HolderAsync(batches, cancellationToken);
            var message = $"another sync is running (batch {holder?.ToString() ?? "unknown"}); try again when it has finished";
            log.Phase(LogPhases.End, new { holder }).Error("Not started: {Reason}", message);
            return new SyncOutcome(batchId, "locked", ExitCodes.LockHeld, [], message);
        }

        if (!request.DryRun)
        {
            await batches.CloseAbandonedAsync(startedAt, cancellationToken);
            await batches.StartAsync(batchId, request.ModeName, request.WindowStart,
                request.WindowEnd is { } end ? new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                request.Entities, startedAt, cancellationToken);
        }

        var state = new StateStore(dataSource);
        if (request.Mode == SyncMode.Rollback && !request.DryRun)
        {
            var to = new DateTimeOffset(request.RollbackTo!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var rewound = Entities.Windowed.Where(request.Entities.Contains).ToList();
            await state.RewindAsync(rewound, to, batchId, cancellationToken);
            log.Phase(LogPhases.Rollback, new { to = request.RollbackTo.Value.ToString("yyyy-MM-dd"), entities = rewound })
                .Warning("Rewound the watermarks of {Entities} to {To}", string.Join(", ", rewound), request.RollbackTo.Value.ToString("yyyy-MM-dd"));
        }

        var watermarks = await state.ReadAsync(cancellationToken);
        if (request.Mode == SyncMode.Rollback && request.DryRun)
        {
            // A dry rollback shows what the rollback would read without persisting the rewind.
            var to = new DateTimeOffset(request.RollbackTo!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var rewound = watermarks.ToDictionary(w => w.Key, w => w.Value);
            foreach (var entity in Entities.Windowed)
            {
                rewound[entity] = rewound.GetValueOrDefault(entity) is { } current && current < to ? current : to;
            }

            watermarks = rewound;
        }

        var run = new SyncRun
        {
            Settings = settings,
            Request = request,
            BatchId = batchId,
            StartedAt = startedAt,
            Client = client,
            Upserter = new Upserter(dataSource, log),
            DeadLetters = new DeadLetters(dataSource),
            Log = log,
            Watermarks = watermarks,
            BatchSize = batchSize,
        };

        log.Phase(LogPhases.Start, new { mode = request.ModeName, entities = request.Entities, dry_run = request.DryRun, batch_size = batchSize })
            .Information("Sync {Mode} of {Entities}{DryRun}", request.ModeName, string.Join(", ", request.Entities), request.DryRun ? " (dry run)" : "");

        var outcome = await ExecuteAsync(run, trackEntities, cancellationToken);

        if (!request.DryRun)
        {
            try
            {
                await batches.FinishAsync(batchId, outcome.Status, CountsJson(outcome, client.Stats), outcome.Error, time.GetUtcNow());
            }
            catch (NpgsqlException ex)
            {
                log.Phase(LogPhases.End).Error(ex, "Could not record the outcome of batch {BatchId}", batchId);
            }
        }

        var endLog = log.Phase(outcome.Status == "cancelled" ? LogPhases.Cancelled : LogPhases.End, new
        {
            status = outcome.Status,
            exit_code = outcome.ExitCode,
            requests = client.Stats.Attempts,
            rate_limited = client.Stats.TooManyRequests,
            retries = client.Stats.Retries,
            duration_ms = (long)(time.GetUtcNow() - startedAt).TotalMilliseconds,
        });
        if (outcome.ExitCode == ExitCodes.Success)
        {
            endLog.Information("Sync {Status} in {Seconds:0.0}s: {Requests} requests, {RateLimited} rate-limited",
                outcome.Status, (time.GetUtcNow() - startedAt).TotalSeconds, client.Stats.Attempts, client.Stats.TooManyRequests);
        }
        else
        {
            endLog.Warning("Sync {Status} (exit {ExitCode}){Reason}", outcome.Status, outcome.ExitCode, outcome.Error is null ? "" : ": " + outcome.Error);
        }

        return outcome;
    }

    /// <summary>
    /// The running batch of the lock holder. A run that has just taken the lock writes its batch
    /// row a moment later, so two runs started together would otherwise report "unknown".
    /// </summary>
    private async Task<Guid?> HolderAsync(BatchStore batches, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var holder = await batches.LatestRunningAsync(cancellationToken);
            if (holder is not null || attempt == 20)
            {
                return holder;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private static async Task<SyncOutcome> ExecuteAsync(SyncRun run, Action<IReadOnlyCollection<EntityCounts>>? trackEntities, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counts = run.Request.Entities.ToDictionary(e => e, e => new EntityCounts(e));
        trackEntities?.Invoke(counts.Values);
        string? runError = null;
        var exitCode = ExitCodes.Success;
        // Entities end concurrently; the first run-stopping failure names the run's error.
        var verdictGate = new Lock();
        void StopRun(string error)
        {
            lock (verdictGate)
            {
                runError ??= error;
                exitCode = ExitCodes.ConfigurationError;
            }
        }

        async Task Guard(string entity, Func<CancellationToken, Task> body)
        {
            var entityCounts = counts[entity];
            run.Log.Phase(LogPhases.EntityStart(entity)).Information("Syncing {Entity}", entity);
            try
            {
                await body(stop.Token);
                entityCounts.Finish(entityCounts.Failed > 0 ? "partial" : "succeeded");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                entityCounts.Finish("cancelled");
            }
            catch (InstantlyApiException ex) when (ex.StopsRun)
            {
                entityCounts.Finish("failed", ex.Message);
                StopRun(ex.Message);
                await stop.CancelAsync();
            }
            catch (InstantlyApiException ex)
            {
                entityCounts.Finish("failed", ex.Message);
                await RecordRequestFailureAsync(run, entity, ex);
            }
            catch (NpgsqlException ex)
            {
                entityCounts.Finish("failed", Database.Describe(ex));
                if (Database.IsConnectionFailure(ex))
                {
                    StopRun($"database unreachable: {Database.Describe(ex)}");
                }
            }

            var c = entityCounts;
            var endLog = run.Log.Phase(LogPhases.EntityEnd(entity), c.ToMeta());
            if (c.Status is "succeeded")
            {
                endLog.Information("Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}", c.Inserted, c.Updated, c.Unchanged);
            }
            else
            {
                endLog.Warning("{Status}: Inserted: {Inserted}, Updated: {Updated}, Unchanged: {Unchanged}, Failed: {Failed}{Reason}",
                    c.Status, c.Inserted, c.Updated, c.Unchanged, c.Failed, c.Error is null ? "" : " - " + c.Error);
            }
        }

        // Leads are listed per campaign; without the list they fall back to one workspace-wide chain.
        var needCampaignList = run.Request.Entities.Any(e => e is Entities.DailyAnalytics or Entities.Steps or Entities.Leads)
            || (run.Request.Mode == SyncMode.All && run.Request.Entities.Contains(Entities.Emails));
        if (run.Request.Entities.Contains(Entities.Campaigns))
        {
            await Guard(Entities.Campaigns, token => CampaignsSync.RunAsync(run, counts[Entities.Campaigns], token));
        }
        else if (needCampaignList)
        {
            try
            {
                await CampaignsSync.RunAsync(run, null, stop.Token);
            }
            catch (InstantlyApiException ex) when (!ex.StopsRun && !run.Request.Entities.Any(e => e is Entities.DailyAnalytics or Entities.Steps or Entities.Emails))
            {
                // Only the leads wanted the list, to split their scan: one workspace-wide chain reads them all the same.
                run.Log.Phase(LogPhases.EntityStart(Entities.Leads)).Warning("Campaigns could not be listed ({Error}); leads are read in one chain", ex.Message);
            }
            catch (InstantlyApiException ex)
            {
                runError ??= $"campaigns could not be listed: {ex.Message}";
                exitCode = ex.StopsRun ? ExitCodes.ConfigurationError : ExitCodes.PartialFailure;
                if (ex.StopsRun)
                {
                    await stop.CancelAsync();
                }
            }
        }

        var campaignsFailed = counts.TryGetValue(Entities.Campaigns, out var campaignCounts) && campaignCounts.Status == "failed";
        var rest = new List<Task>();
        foreach (var entity in run.Request.Entities.Where(e => e != Entities.Campaigns))
        {
            if (stop.IsCancellationRequested)
            {
                counts[entity].Finish("cancelled");
                continue;
            }

            if (entity is Entities.DailyAnalytics or Entities.Steps && (campaignsFailed || runError is not null) && run.Campaigns.Count == 0)
            {
                counts[entity].Finish("failed", "the campaign list could not be read");
                continue;
            }

            rest.Add(entity switch
            {
                Entities.Accounts => Guard(entity, token => ListingSync.AccountsAsync(run, counts[entity], token)),
                Entities.Leads => Guard(entity, token => ListingSync.LeadsAsync(run, counts[entity], token)),
                Entities.Emails => Guard(entity, token => EmailsSync.RunAsync(run, counts[entity], token)),
                Entities.DailyAnalytics => Guard(entity, token => AnalyticsSync.DailyAsync(run, counts[entity], token)),
                Entities.Steps => Guard(entity, token => AnalyticsSync.StepsAsync(run, counts[entity], token)),
                _ => throw new InvalidOperationException($"No sync for entity {entity}"),
            });
        }

        await Task.WhenAll(rest);

        var all = counts.Values.ToList();
        string status;
        if (cancellationToken.IsCancellationRequested)
        {
            status = "cancelled";
            exitCode = ExitCodes.Cancelled;
        }
        else if (exitCode == ExitCodes.ConfigurationError)
        {
            status = "failed";
        }
        else if (all.Any(c => c.Status != "succeeded") || exitCode == ExitCodes.PartialFailure)
        {
            status = all.All(c => c.Status == "failed") ? "failed" : "partial";
            exitCode = ExitCodes.PartialFailure;
            runError ??= string.Join("; ", all.Where(c => c.Error is not null).Select(c => $"{c.Entity}: {c.Error}"));
            if (runError.Length == 0)
            {
                runError = $"{all.Sum(c => c.Failed)} record(s) failed; see sync_dead_letters";
            }
        }
        else
        {
            status = "succeeded";
        }

        return new SyncOutcome(run.BatchId, status, exitCode, all, runError);
    }

    private static async Task RecordRequestFailureAsync(SyncRun run, string entity, InstantlyApiException ex)
    {
        if (run.Request.DryRun)
        {
            return;
        }

        try
        {
            await run.DeadLetters.RecordAsync(new DeadLetter(run.BatchId, entity, ex.Path, ex.StatusCode, ex.Message, null), CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The entity already failed; the log tiers carry the reason.
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
