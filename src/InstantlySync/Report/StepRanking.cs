namespace InstantlySync.Report;

/// <summary>
/// The best and worst steps by reply rate, as the console and the HTML report both show them. Only
/// steps that sent something rank: a rate over nothing sent says nothing. Ties go to the step with
/// more sent (the firmer figure), then campaign id, step and variant, so the order never depends on
/// the order the query returned. The worst are drawn from the steps the best did not take, so with
/// fewer than twice <c>count</c> steps none is listed twice.
/// </summary>
internal static class StepRanking
{
    /// <summary>Highest reply rate first.</summary>
    public static IReadOnlyList<StepFigures> Best(IEnumerable<StepFigures> steps, int count) =>
        Ranked(steps, descending: true).Take(count).ToList();

    /// <summary>Lowest reply rate first.</summary>
    public static IReadOnlyList<StepFigures> Worst(IEnumerable<StepFigures> steps, int count)
    {
        var rest = Ranked(steps, descending: true).Skip(count);
        return Ranked(rest, descending: false).Take(count).ToList();
    }

    /// <summary>The rate the reader sees; recomputed only if the query left it out.</summary>
    public static decimal Rate(StepFigures step) =>
        step.ReplyRate ?? Math.Round(100m * step.Replies / step.Sent, 1, MidpointRounding.AwayFromZero);

    private static IEnumerable<StepFigures> Ranked(IEnumerable<StepFigures> steps, bool descending)
    {
        var ranking = steps.Where(s => s.Sent > 0);
        var byRate = descending ? ranking.OrderByDescending(Rate) : ranking.OrderBy(Rate);
        return byRate
            .ThenByDescending(s => s.Sent)
            .ThenBy(s => s.CampaignId, StringComparer.Ordinal)
            .ThenBy(s => s.Step, StringComparer.Ordinal)
            .ThenBy(s => s.Variant, StringComparer.Ordinal);
    }
}
