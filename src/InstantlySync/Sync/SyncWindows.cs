namespace InstantlySync.Sync;

/// <summary>
/// Where each windowed entity starts and ends for a run (SPEC section 4). Lower bounds are
/// inclusive and rows are de-duplicated by key, so a boundary record is read twice, never lost.
/// </summary>
internal static class SyncWindows
{
    /// <summary>Days of daily analytics to request: watermark − lookback … today, or the window flags.</summary>
    public static (DateOnly Start, DateOnly End) DailyAnalytics(SyncRun run)
    {
        var request = run.Request;
        if (request.IsWindowed)
        {
            return (DateOnly.FromDateTime(request.WindowStart!.Value.UtcDateTime), Min(request.WindowEnd!.Value, run.Today));
        }

        if (request.Mode == SyncMode.All)
        {
            return (run.LifetimeStart, run.Today);
        }

        var from = run.Watermark(Entities.DailyAnalytics) ?? run.StartedAt.AddDays(-run.Settings.Sync.InitialWindowDays);
        var start = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-run.Settings.Sync.AnalyticsLookbackDays);
        return (Min(start, run.Today), run.Today);
    }

    /// <summary>The inclusive lower bound on <c>timestamp_created</c> for GET /emails.</summary>
    public static DateTimeOffset EmailsFrom(SyncRun run)
    {
        var request = run.Request;
        if (request.IsWindowed)
        {
            return request.WindowStart!.Value;
        }

        if (request.Mode == SyncMode.All)
        {
            return new DateTimeOffset(run.LifetimeStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var from = run.Watermark(Entities.Emails) ?? run.StartedAt.AddDays(-run.Settings.Sync.InitialWindowDays);
        return from.AddMinutes(-run.Settings.Sync.EmailsOverlapMinutes);
    }

    /// <summary>The exclusive upper bound on <c>timestamp_created</c> for a window run; null reads to the end.</summary>
    public static DateTimeOffset? EmailsUntil(SyncRun run)
        => run.Request.IsWindowed
            ? new DateTimeOffset(run.Request.WindowEnd!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
