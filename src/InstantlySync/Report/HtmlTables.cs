using static InstantlySync.Report.ReportFormat;

namespace InstantlySync.Report;

/// <summary>The tables of one workspace: the figures the console prints, in the same columns.</summary>
internal static class HtmlTables
{
    /// <summary>How many steps the best and the worst lists show, in the console as here.</summary>
    public const int RankedSteps = 3;

    private static readonly HtmlColumn[] StepColumns =
        [new("Campaign"), new("Step"), new("Variant"), new("Sent", true), new("Replies", true), new("Reply rate", true)];

    public static string Totals(ReportTotals totals) => HtmlTable.Render("Totals",
        [new("All campaigns"), new("Sent", true), new("Unique opens", true), new("Replies", true), new("Reply rate", true),
            new("Bounced", true), new("Unsubscribed", true)],
        [[
            "Total", Count(totals.Sent), Count(totals.UniqueOpened), Count(totals.Replies), Percent(totals.ReplyRate),
            Count(totals.Bounced), Count(totals.Unsubscribed),
        ]]);

    public static string Campaigns(IReadOnlyList<CampaignFigures> campaigns) => HtmlTable.Render("Campaigns",
        [new("Campaign"), new("Status"), new("Leads", true), new("Sent", true), new("Unique opens", true), new("Replies", true),
            new("Reply rate", true), new("Bounced", true), new("Unsubscribed", true)],
        campaigns.Select(c => (IReadOnlyList<string>)
        [
            CampaignName(c.CampaignId, c.Name), c.Status, Count(c.Leads), Count(c.Sent), Count(c.UniqueOpened), Count(c.Replies),
            Percent(c.ReplyRate), Count(c.Bounced), Count(c.Unsubscribed),
        ]));

    public static string Steps(string caption, IEnumerable<StepFigures> steps, Func<string, string> campaignName) =>
        HtmlTable.Render(caption, StepColumns, steps.Select(s => (IReadOnlyList<string>)
        [
            campaignName(s.CampaignId), s.Step ?? Missing, s.Variant ?? Missing, Count(s.Sent), Count(s.Replies), Percent(s.ReplyRate),
        ]));

    /// <summary>Best, then worst; the ranking rule is <see cref="StepRanking"/>'s.</summary>
    public static string Ranking(IReadOnlyList<StepFigures> steps, Func<string, string> campaignName)
    {
        var best = StepRanking.Best(steps, RankedSteps);
        var worst = StepRanking.Worst(steps, RankedSteps);
        var html = Steps("Highest reply rate", best, campaignName);
        return worst.Count > 0 ? html + Steps("Lowest reply rate", worst, campaignName) : html;
    }

    public static string Leads(LeadsByStatus leads) => HtmlTable.Render("Leads by status: counts and shares",
        [new("Status"), new("Leads", true), new("Share", true)],
        LeadRows(leads).Select(r => (IReadOnlyList<string>)[r.Status, Count(r.Count), Share(r.Count, LeadTotal(leads))]));

    public static string Days(IReadOnlyList<DateOnly> days, IReadOnlyList<long> sent, IReadOnlyList<long> replies) =>
        HtmlTable.Render("Sent and replies per day", [new("Day"), new("Sent", true), new("Replies", true)],
            days.Select((d, i) => (IReadOnlyList<string>)[Date(d), Count(sent[i]), Count(replies[i])]));

    public static IReadOnlyList<(string Status, long Count)> LeadRows(LeadsByStatus leads) =>
    [
        ("Replied", leads.Replied), ("Bounced", leads.Bounced), ("Emailed", leads.Emailed), ("Not yet emailed", leads.NotYetEmailed),
    ];

    public static long LeadTotal(LeadsByStatus leads) => leads.Replied + leads.Bounced + leads.Emailed + leads.NotYetEmailed;

    public static string Share(long part, long whole) =>
        whole == 0 ? Missing : Percent(Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero));
}
