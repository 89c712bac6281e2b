using System.Text;
using System.Net;

namespace InstantlySync.Report;

/// <summary>A column of an HTML table; numeric columns align right so digits line up.</summary>
internal sealed record HtmlColumn(string Header, bool Numeric = false);

/// <summary>
/// A plain table. The first cell of each row is its row header (<c>th scope="row"</c>), so a screen
/// reader announces "Q4 outreach, Sent, 300" rather than a bare number. Every cell is escaped here.
/// </summary>
internal static class HtmlTable
{
    public static string Render(string caption, IReadOnlyList<HtmlColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder("<table>");
        html.Append($"<caption>{WebUtility.HtmlEncode(caption)}</caption><thead><tr>");
        foreach (var column in columns)
        {
            html.Append($"<th scope=\"col\"{Class(column)}>{WebUtility.HtmlEncode(column.Header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var tag = i == 0 ? "th scope=\"row\"" : "td";
                var end = i == 0 ? "th" : "td";
                html.Append($"<{tag}{Class(columns[i])}>{WebUtility.HtmlEncode(row[i])}</{end}>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string Class(HtmlColumn column) => column.Numeric ? " class=\"num\"" : "";
}
