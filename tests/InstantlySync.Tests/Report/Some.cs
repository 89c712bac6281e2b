using InstantlySync.Report;

namespace InstantlySync.Tests.Report;

/// <summary>Report documents for the rendering tests: one busy workspace, and variants of it.</summary>
internal static class Some
{
    public static readonly ReportWindow Window = new(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 29));

    public static CampaignFigures Campaign(string id, string? name, decimal? replyRate = 3.0m) =>
        new(id, name, "active", 120, replyRate is null ? 0 : 300, 80, replyRate is null ? 0 : 9, replyRate, 2, 1);

    public static WorkspaceReport Workspace(string name = "acme", params CampaignFigures[] campaigns)
    {
        if (campaigns.Length == 0)
        {
            campaigns = [Campaign("c-1", "Q4 outreach"), Campaign("c-2", "Webinar follow-up", 1.5m)];
        }

        StepFigures[] steps =
        [
            .. campaigns.Select(c => new StepFigures(c.CampaignId, "0", "0", 100, 4, 4.0m)),
            .. campaigns.Select(c => new StepFigures(c.CampaignId, "1", "0", 200, 2, 1.0m)),
        ];
        DailyFigures[] daily = [new(Window.From.AddDays(1), 20, 1), new(Window.From.AddDays(5), 40, 3)];
        return new WorkspaceReport(name, $"ws-{name}", campaigns, steps, daily, new LeadsByStatus(9, 2, 90, 19),
            new ReportTotals(300, 80, 9, 3.0m, 2, 1));
    }

    public static WorkspaceReport EmptyWorkspace(string name = "quiet") =>
        new(name, $"ws-{name}", [], [], [], new LeadsByStatus(0, 0, 0, 0), new ReportTotals(0, 0, 0, null, 0, 0));

    public static ReportDocument Document(params WorkspaceReport[] workspaces) =>
        new(Window, workspaces.Length == 0 ? [Workspace()] : workspaces);
}
