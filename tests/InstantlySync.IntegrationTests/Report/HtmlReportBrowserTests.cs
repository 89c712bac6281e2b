using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using InstantlySync.Report;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>The HTML report as a reader sees it: opened from disk by a real headless Chromium.</summary>
public sealed partial class HtmlReportBrowserTests : IDisposable
{
    // The SVG's own colours (HtmlStyles): a pixel of exactly these means the charts were drawn.
    private const int SentBlue = 0x1f5fa8;
    private const int RepliesRed = 0xb3400a;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("isync-report-");
    private readonly ReportDocument _document = SampleReport.Document();
    private readonly string _page;

    public HtmlReportBrowserTests()
    {
        _page = Path.Combine(_folder.FullName, "report.html");
        File.WriteAllText(_page, HtmlReport.Render(_document));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task The_browser_draws_the_page_with_its_charts()
    {
        var screenshot = Path.Combine(_folder.FullName, "report.png");

        await HeadlessChromium.RunAsync(_page, [$"--screenshot={screenshot}", "--window-size=1280,2000"]);

        Assert.True(File.Exists(screenshot), "chromium wrote no screenshot");
        var image = PngPixels.Read(await File.ReadAllBytesAsync(screenshot));
        Assert.Equal((1280, 2000), (image.Width, image.Height));
        var colours = new Dictionary<int, int>();
        var inkedRows = 0;
        for (var y = 0; y < image.Height; y++)
        {
            var inked = false;
            for (var x = 0; x < image.Width; x++)
            {
                var rgb = image.Rgb(x, y);
                colours[rgb] = colours.GetValueOrDefault(rgb) + 1;
                inked |= rgb != 0xffffff;
            }

            inkedRows += inked ? 1 : 0;
        }

        Assert.True(colours.Count > 50, $"a blank page: only {colours.Count} distinct colours");
        Assert.True(inkedRows > image.Height / 3, $"only {inkedRows} of {image.Height} rows hold anything but white");
        Assert.True(colours.GetValueOrDefault(SentBlue) > 200, $"the sent line and the bars are missing ({colours.GetValueOrDefault(SentBlue)} blue pixels)");
        Assert.True(colours.GetValueOrDefault(RepliesRed) > 20, $"the replies line is missing ({colours.GetValueOrDefault(RepliesRed)} pixels)");
    }

    [Fact]
    public async Task The_browser_reads_every_campaign_name_whole_and_the_totals()
    {
        var dom = await HeadlessChromium.RunAsync(_page, ["--dump-dom"]);

        var text = Text(dom);
        foreach (var campaign in _document.Workspaces.SelectMany(w => w.Campaigns))
        {
            Assert.Contains(campaign.Name!, text, StringComparison.Ordinal);
        }

        foreach (var workspace in _document.Workspaces)
        {
            var t = workspace.Totals;
            var row = string.Join(' ', "Total", ReportFormat.Count(t.Sent), ReportFormat.Count(t.UniqueOpened), ReportFormat.Count(t.Replies),
                ReportFormat.Percent(t.ReplyRate), ReportFormat.Count(t.Bounced), ReportFormat.Count(t.Unsubscribed));
            Assert.Contains(row, text, StringComparison.Ordinal);
        }

        Assert.Equal(6, SvgElement().Count(dom));
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_browser_prints_the_page_to_a_pdf_of_several_pages()
    {
        var pdf = Path.Combine(_folder.FullName, "report.pdf");

        await HeadlessChromium.RunAsync(_page, [$"--print-to-pdf={pdf}", "--no-pdf-header-footer"]);

        Assert.True(File.Exists(pdf), "chromium printed no PDF");
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);
        // Skia writes the page tree uncompressed: its /Count is the number of pages.
        var pages = PageCount().Matches(Encoding.Latin1.GetString(bytes))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Max();
        Assert.InRange(pages, _document.Workspaces.Count, 20);
    }

    /// <summary>The page's text as the browser holds it: tags dropped, entities decoded, spaces collapsed.</summary>
    private static string Text(string dom) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(dom, " ")), " ");

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"/Count (\d+)")]
    private static partial Regex PageCount();

    [GeneratedRegex("<svg ")]
    private static partial Regex SvgElement();
}
