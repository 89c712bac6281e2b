namespace InstantlySync.Report;

/// <summary>
/// The best and worst steps by reply rate, the same on the console and in the HTML page: only steps
/// that sent something; ties go to the step with more sent (more evidence), then campaign, step, variant.
/// </summary>
internal static class StepRanking
{
    public static IReadOnlyList<StepFigures> Best(IReadOnlyList<StepFigures> steps, int count)
        => Ranked(steps).OrderByDescending(s => s.ReplyRate).ThenByDescending(s => s.Sent).ThenBy(s => s.CampaignId, StringComparer.Ordinal)
            .ThenBy(s => s.Step, StepKeyComparer.Instance).ThenBy(s => s.Variant, StepKeyComparer.Instance).Take(count).ToList();

    public static IReadOnlyList<StepFigures> Worst(IReadOnlyList<StepFigures> steps, int count)
        => Ranked(steps).OrderBy(s => s.ReplyRate).ThenByDescending(s => s.Sent).ThenBy(s => s.CampaignId, StringComparer.Ordinal)
            .ThenBy(s => s.Step, StepKeyComparer.Instance).ThenBy(s => s.Variant, StepKeyComparer.Instance).Take(count).ToList();

    private static IEnumerable<StepFigures> Ranked(IReadOnlyList<StepFigures> steps) => steps.Where(s => s.Sent > 0);
}
