using System.Net;
using System.Text;
using static InstantlySync.Report.ReportFormat;

namespace InstantlySync.Report;

/// <summary>
/// <c>report --html</c>: one self-contained HTML5 page with inline CSS and inline SVG, no script and
/// no reference outside the file, so it opens offline, prints, and can be mailed as it is.
/// The charts are drawn here with plain string building rather than by a charting package: no
/// package on the mirror renders dependency-free SVG, and a few hundred lines keep the file whole.
/// A Content-Security-Policy forbids every fetch, so even an escaping slip could not load anything.
/// </summary>
internal static class HtmlReport
{
    public static string Render(ReportDocument document)
    {
        var window = $"{Date(document.Window.From)} to {Date(document.Window.To)}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>Campaign report, {window}</title>\n<style>\n{HtmlStyles.Css}</style>\n</head>\n<body>\n");
        html.Append($"<header>\n<h1>Campaign report</h1>\n<p class=\"muted\">{window} (UTC, both days included). ");
        html.Append("Sent, unique opens and replies are sums over these days; leads, bounced, unsubscribed, steps and ");
        html.Append("leads by status are lifetime figures.</p>\n");
        if (document.Workspaces.Count > 1)
        {
            html.Append("<nav aria-label=\"Workspaces\"><ul>");
            for (var i = 0; i < document.Workspaces.Count; i++)
            {
                html.Append($"<li><a href=\"#{SectionId(i)}\">{WebUtility.HtmlEncode(document.Workspaces[i].Name)}</a></li>");
            }

            html.Append("</ul></nav>\n");
        }

        html.Append("</header>\n<main>\n");
        if (document.Workspaces.Count == 0)
        {
            html.Append("<p class=\"note\">No workspace was selected.</p>\n");
        }

        for (var i = 0; i < document.Workspaces.Count; i++)
        {
            html.Append(Workspace(SectionId(i), document.Window, document.Workspaces[i]));
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string SectionId(int index) => $"workspace-{index + 1}";

    private static string Workspace(string id, ReportWindow window, WorkspaceReport workspace)
    {
        var names = workspace.Campaigns
            .GroupBy(c => c.CampaignId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => CampaignName(g.Key, g.First().Name), StringComparer.Ordinal);
        string CampaignOf(string campaignId) => names.GetValueOrDefault(campaignId, campaignId);
        var series = DailySeries.Of(window, workspace.Daily);
        var anyDay = series.Sent.Any(v => v > 0) || series.Replies.Any(v => v > 0);

        var html = new StringBuilder();
        html.Append($"<section class=\"workspace\" id=\"{id}\" aria-labelledby=\"{id}-name\">\n");
        html.Append($"<h2 id=\"{id}-name\">{WebUtility.HtmlEncode(workspace.Name)}</h2>\n");
        html.Append($"<p class=\"muted\">Workspace id {WebUtility.HtmlEncode(workspace.WorkspaceId)}</p>\n");
        if (workspace.Campaigns.Count == 0 && !anyDay)
        {
            html.Append("<p class=\"note\">No data in this window: no campaign sent or received anything between ");
            html.Append($"{Date(window.From)} and {Date(window.To)}.</p>\n");
        }

        html.Append(HtmlTables.Totals(workspace.Totals)).Append('\n');
        html.Append(workspace.Campaigns.Count > 0 ? HtmlTables.Campaigns(workspace.Campaigns) : Note("No campaigns in this window."));

        html.Append("\n<h3>Sent and replies per day</h3>\n");
        if (anyDay)
        {
            html.Append(HtmlCharts.Daily($"{id}-daily", workspace.Name, series));
            html.Append("<details><summary>Every day's figures</summary>");
            html.Append(HtmlTables.Days(series.Days, series.Sent, series.Replies)).Append("</details>");
        }
        else
        {
            html.Append(Note("Nothing was sent and no reply came in this window."));
        }

        html.Append("\n<h3>Reply rate by step and variant</h3>\n");
        if (workspace.Steps.Count > 0)
        {
            html.Append(HtmlCharts.Steps($"{id}-steps", workspace.Name, workspace.Steps, CampaignOf));
            html.Append(HtmlTables.Steps("Steps and variants", workspace.Steps, CampaignOf));
        }
        else
        {
            html.Append(Note("No step analytics."));
        }

        html.Append("\n<h3>Best and worst steps</h3>\n");
        html.Append(workspace.Steps.Any(s => s.Sent > 0)
            ? HtmlTables.Ranking(workspace.Steps, CampaignOf)
            : Note("No step has sent anything yet, so none can be ranked."));

        html.Append("\n<h3>Leads by status</h3>\n");
        html.Append(HtmlTables.LeadTotal(workspace.LeadsByStatus) > 0
            ? HtmlCharts.Leads($"{id}-leads", workspace.Name, workspace.LeadsByStatus) + HtmlTables.Leads(workspace.LeadsByStatus)
            : Note("No leads."));
        return html.Append("\n</section>\n").ToString();
    }

    private static string Note(string text) => $"<p class=\"note\">{WebUtility.HtmlEncode(text)}</p>";
}
