namespace InstantlySync.Sync;

/// <summary>What the windows of one run depend on: the request, the entity's watermark, the run's start and the workspace's lifetime.</summary>
/// <param name="LifetimeStart">The earliest campaign's creation date (today when there is none).</param>
internal sealed record WindowInputs(
    SyncRequest Request,
    DateTimeOffset? Watermark,
    DateTimeOffset StartedAt,
    DateOnly LifetimeStart,
    int InitialWindowDays,
    int AnalyticsLookbackDays,
    int EmailsOverlapMinutes)
{
    public DateOnly Today => DateOnly.FromDateTime(StartedAt.UtcDateTime);
}

/// <summary>
/// Where each windowed entity starts and ends for a run (README, "Choices where the contract is
/// silent"): pure functions of plain values. Lower bounds are inclusive and rows are de-duplicated
/// by key, so a boundary record is read twice, never lost.
/// </summary>
internal static class SyncWindows
{
    /// <summary>Days of daily analytics to request: watermark − lookback … today, or the window flags.</summary>
    public static (DateOnly Start, DateOnly End) DailyAnalytics(WindowInputs inputs)
    {
        var request = inputs.Request;
        if (request.IsWindowed)
        {
            return (DateOnly.FromDateTime(request.WindowStart!.Value.UtcDateTime), Min(request.WindowEnd!.Value, inputs.Today));
        }

        if (request.Mode == SyncMode.All)
        {
            return (inputs.LifetimeStart, inputs.Today);
        }

        var from = inputs.Watermark ?? inputs.StartedAt.AddDays(-inputs.InitialWindowDays);
        var start = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-inputs.AnalyticsLookbackDays);
        return (Min(start, inputs.Today), inputs.Today);
    }

    /// <summary>The inclusive lower bound on <c>timestamp_created</c> for GET /emails.</summary>
    public static DateTimeOffset EmailsFrom(WindowInputs inputs)
    {
        var request = inputs.Request;
        if (request.IsWindowed)
        {
            return request.WindowStart!.Value;
        }

        if (request.Mode == SyncMode.All)
        {
            return new DateTimeOffset(inputs.LifetimeStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var from = inputs.Watermark ?? inputs.StartedAt.AddDays(-inputs.InitialWindowDays);
        return from.AddMinutes(-inputs.EmailsOverlapMinutes);
    }

    /// <summary>The exclusive upper bound on <c>timestamp_created</c> for a window run; null reads to the end.</summary>
    public static DateTimeOffset? EmailsUntil(SyncRequest request)
        => request.IsWindowed
            ? new DateTimeOffset(request.WindowEnd!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
