namespace InstantlySync.Report;

/// <summary>
/// The reply rate of the modeled layer's views: 100 × replies ÷ sent, one decimal, rounded half away from
/// zero as PostgreSQL's <c>round(numeric, 1)</c> does; null when nothing was sent.
/// </summary>
internal static class ReplyRate
{
    public static decimal? Of(long replies, long sent)
        => sent == 0
            ? null
            // Adding 0.0m keeps one decimal place in the value, so 3 prints as 3.0 in JSON as in the spec's example.
            : Math.Round(100m * replies / sent, 1, MidpointRounding.AwayFromZero) + 0.0m;
}
