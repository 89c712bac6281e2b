using InstantlySync.Report;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>A report of two workspaces as the query would fill it: several campaigns, one with a very long name.</summary>
internal static class SampleReport
{
    public const string LongName =
        "Q4 enterprise outreach — CFOs and finance directors at logistics companies in Germany, Austria and Switzerland (second wave, follow-ups on the webinar)";

    public static readonly ReportWindow Window = new(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 29));

    public static ReportDocument Document() => new(Window, [Acme(), Globex()]);

    private static WorkspaceReport Acme()
    {
        CampaignFigures[] campaigns =
        [
            new("c-acme-1", LongName, "active", 1200, 2400, 910, 96, 4.0m, 31, 7),
            new("c-acme-2", "Webinar <follow-up> & \"friends\"", "paused", 300, 600, 250, 9, 1.5m, 4, 2),
            new("c-acme-3", "Cold intro", "completed", 90, 0, 0, 0, null, null, null),
        ];
        StepFigures[] steps =
        [
            new("c-acme-1", "0", "0", 1200, 60, 5.0m), new("c-acme-1", "0", "1", 800, 24, 3.0m),
            new("c-acme-1", "1", "0", 400, 12, 3.0m), new("c-acme-2", "0", "0", 600, 9, 1.5m),
            new("c-acme-3", "0", "0", 0, 0, null),
        ];
        var daily = Enumerable.Range(0, 30).Where(d => d % 7 != 3)
            .Select(d => new DailyFigures(Window.From.AddDays(d), 80 + d * 5 % 60, d % 6))
            .ToList();
        return new WorkspaceReport("acme", "ws-acme-0001", campaigns, steps, daily, new LeadsByStatus(105, 35, 1100, 350),
            new ReportTotals(3000, 1160, 105, 3.5m, 35, 9));
    }

    private static WorkspaceReport Globex()
    {
        CampaignFigures[] campaigns =
        [
            new("c-globex-1", "Globex partners", "active", 500, 1500, 700, 45, 3.0m, 12, 3),
            new("c-globex-2", "Globex renewals", "active", 250, 512, 300, 20, 3.9m, 2, 0),
        ];
        StepFigures[] steps = [new("c-globex-1", "0", "0", 1500, 45, 3.0m), new("c-globex-2", "0", "0", 512, 20, 3.9m)];
        DailyFigures[] daily = [new(Window.From.AddDays(2), 700, 20), new(Window.From.AddDays(20), 1312, 45)];
        return new WorkspaceReport("globex", "ws-globex-0002", campaigns, steps, daily, new LeadsByStatus(65, 14, 500, 171),
            new ReportTotals(2012, 1000, 65, 3.2m, 14, 3));
    }
}
