using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstantlySync.Cli;
using InstantlySync.Report;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>
/// SPEC §14 end to end: <c>report --html</c> from the real CLI over synced workspaces, opened by a real
/// headless Chromium; the page holds every campaign of <c>--json</c> and the same totals.
/// </summary>
public sealed partial class ReportHtmlTests(ReportAgency fixture) : IClassFixture<ReportAgency>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("isync-report-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task The_page_the_cli_writes_shows_in_a_browser_every_campaign_and_the_totals_of_the_json()
    {
        var page = Path.Combine(_folder.FullName, "report.html");
        var (from, to) = ("--last", "12d");

        var html = await fixture.ReportAsync("--html", page, from, to);
        var json = await fixture.ReportAsync("--json", from, to);

        Assert.True(html.ExitCode == ExitCodes.Success && json.ExitCode == ExitCodes.Success, html.All + json.All);
        Assert.Contains($"HTML report written to {page}", html.Error, StringComparison.Ordinal);
        var source = await File.ReadAllTextAsync(page);
        Assert.DoesNotMatch(ExternalReference(), source);

        var screenshot = Path.Combine(_folder.FullName, "report.png");
        await HeadlessChromium.RunAsync(page, [$"--screenshot={screenshot}", "--window-size=1280,1600"]);
        var image = PngPixels.Read(await File.ReadAllBytesAsync(screenshot));
        var colours = new HashSet<int>();
        for (var y = 0; y < image.Height; y += 4)
        {
            for (var x = 0; x < image.Width; x += 4)
            {
                colours.Add(image.Rgb(x, y));
            }
        }

        Assert.True(colours.Count > 20, $"the screenshot is blank: {colours.Count} distinct colours");

        var text = Text(await HeadlessChromium.RunAsync(page, ["--dump-dom"]));
        using var document = JsonDocument.Parse(json.Out);
        foreach (var workspace in document.RootElement.GetProperty("workspaces").EnumerateArray())
        {
            foreach (var campaign in workspace.GetProperty("campaigns").EnumerateArray())
            {
                Assert.Contains(campaign.GetProperty("name").GetString()!, text, StringComparison.Ordinal);
            }

            var t = workspace.GetProperty("totals");
            var row = string.Join(' ', "Total", ReportFormat.Count(t.GetProperty("sent").GetInt64()), ReportFormat.Count(t.GetProperty("unique_opened").GetInt64()),
                ReportFormat.Count(t.GetProperty("replies").GetInt64()), ReportFormat.Percent(t.GetProperty("reply_rate").GetDecimal()),
                ReportFormat.Count(t.GetProperty("bounced").GetInt64()), ReportFormat.Count(t.GetProperty("unsubscribed").GetInt64()));
            Assert.Contains(row, text, StringComparison.Ordinal);
        }

        Assert.Contains(ReportAgency.LongName, text, StringComparison.Ordinal);
    }

    /// <summary>The page's text as the browser holds it: tags dropped, entities decoded, spaces collapsed.</summary>
    private static string Text(string dom) => Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(dom, " ")), " ");

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"https?:|src=|url\(|@import|<script|<link", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
