namespace InstantlySync.Report;

internal static class HtmlReport
{
    public static string Render(ReportDocument document) => $"<!doctype html><title>report</title><p>{document.Workspaces.Count}</p>";
}
