namespace InstantlySync.Api;

/// <summary>
/// Delays between retries. Production uses <see cref="Default"/>; tests shrink it to keep the
/// suite fast.
/// </summary>
/// <param name="BaseDelay">First delay; doubles per retry, with jitter.</param>
/// <param name="MaxDelay">Cap on any single delay, including one asked for by Retry-After.</param>
internal sealed record RetryBackoff(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>
    /// 1 s, 2 s, 4 s … capped at 60 s: Instantly sends no Retry-After on ordinary 429s, and its
    /// per-minute budget can stay exhausted for up to a minute.
    /// </summary>
    public static RetryBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
}
