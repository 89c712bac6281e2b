using System.Net;
using System.Text.RegularExpressions;
using InstantlySync.Report;

namespace InstantlySync.Tests.Report;

public sealed partial class HtmlReportTests
{
    private const string Hostile = "<b>Q4 & \"ACME\"</b>";

    public static TheoryData<string> ExternalReferences() =>
    [
        "http", "//", "src=", "url(", "@import", "<script", "<link", "<img", "<iframe", "<object", "<embed", "@font-face",
    ];

    [Theory]
    [MemberData(nameof(ExternalReferences))]
    public void The_page_refers_to_nothing_outside_itself(string reference)
    {
        var html = HtmlReport.Render(Some.Document(Some.Workspace("acme"), Some.Workspace("globex"), Some.EmptyWorkspace()));

        // The one "http" allowed is the policy that forbids every fetch.
        var scanned = html.Replace("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", "",
            StringComparison.Ordinal);
        Assert.DoesNotContain(reference, scanned, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(html, scanned);
    }

    [Fact]
    public void Links_only_lead_to_anchors_on_the_page()
    {
        var html = HtmlReport.Render(Some.Document(Some.Workspace("acme"), Some.Workspace("globex")));

        var targets = Href().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["#workspace-1", "#workspace-2"], targets);
        Assert.All(targets, t => Assert.Contains($"id=\"{t[1..]}\"", html, StringComparison.Ordinal));
    }

    [Fact]
    public void User_text_is_escaped_wherever_it_appears()
    {
        var workspace = Some.Workspace(Hostile, Some.Campaign("c-1", Hostile)) with
        {
            Campaigns = [Some.Campaign("c-1", Hostile) with { Status = "<i>paused</i>" }],
        };

        var html = HtmlReport.Render(Some.Document(workspace));

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;paused&lt;/i&gt;", html, StringComparison.Ordinal);
        var encoded = WebUtility.HtmlEncode(Hostile);
        Assert.Equal("&lt;b&gt;Q4 &amp; &quot;ACME&quot;&lt;/b&gt;", encoded);
        // The campaign table, the steps table, the best steps and the step chart; the heading and chart titles.
        Assert.True(Count(html, encoded) >= 6, $"the escaped name appears {Count(html, encoded)} times");
    }

    [Fact]
    public void A_long_campaign_name_is_never_cut_short()
    {
        var name = string.Join(' ', Enumerable.Repeat("Enterprise outreach to finance directors", 8));

        var html = HtmlReport.Render(Some.Document(Some.Workspace("acme", Some.Campaign("c-1", name))));

        Assert.Contains($"<th scope=\"row\">{name}</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("…", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_workspace_says_there_is_no_data_and_draws_no_chart()
    {
        var html = HtmlReport.Render(Some.Document(Some.EmptyWorkspace()));

        Assert.Contains("No data in this window", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Total</th><td class=\"num\">0</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_of_no_workspace_still_renders_a_page()
    {
        var html = HtmlReport.Render(new ReportDocument(Some.Window, []));

        Assert.Contains("No workspace was selected.", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_campaign_with_no_reply_rate_shows_a_dash()
    {
        var html = HtmlReport.Render(Some.Document(Some.Workspace("acme", Some.Campaign("c-9", "Never sent", replyRate: null))));

        // The campaign table's row: the only one of nine cells.
        var row = Row().Matches(html).Select(m => m.Value)
            .Single(r => r.Contains(">Never sent<", StringComparison.Ordinal) && Count(r, "<td") == 8);
        Assert.Contains("<td class=\"num\">—</td>", row, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_are_written_with_invariant_separators()
    {
        var workspace = Some.Workspace() with { Totals = new ReportTotals(1234567, 80, 9, 12.35m, 2, 1) };

        var html = HtmlReport.Render(Some.Document(workspace));

        Assert.Contains("<td class=\"num\">1,234,567</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">12.4%</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_daily_chart_spans_the_whole_window_with_missing_days_at_zero()
    {
        var html = HtmlReport.Render(Some.Document());

        var lines = Polyline().Matches(html).Select(m => m.Groups[1].Value.Split(' ')).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, points => Assert.Equal(30, points.Length));
        var zeroY = lines[0][0].Split(',')[1];
        Assert.Equal(28, lines[0].Count(p => p.Split(',')[1] == zeroY));
    }

    [Fact]
    public void Every_chart_is_labelled_for_assistive_technology()
    {
        var html = HtmlReport.Render(Some.Document(Some.Workspace("acme"), Some.Workspace("globex")));

        var charts = Svg().Matches(html);
        Assert.Equal(6, charts.Count);
        foreach (Match chart in charts)
        {
            var id = chart.Groups[1].Value;
            Assert.Contains($"<title id=\"{id}-title\">", chart.Value, StringComparison.Ordinal);
            Assert.Contains($"<desc id=\"{id}-desc\">", chart.Value, StringComparison.Ordinal);
            Assert.Equal(1, Count(html, $"id=\"{id}-title\""));
        }

        // Each chart sits in a figure whose caption states its figures in words.
        Assert.Equal(6, Count(html, "</svg><figcaption>"));
    }

    private static int Count(string text, string part) => Regex.Count(text, Regex.Escape(part));

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<tr>.*?</tr>")]
    private static partial Regex Row();

    [GeneratedRegex("<polyline class=\"line\" points=\"([^\"]*)\"")]
    private static partial Regex Polyline();

    [GeneratedRegex("<svg class=\"chart\" [^>]*role=\"img\" aria-labelledby=\"([^\" ]+)-title [^\" ]+-desc\">.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();
}
