using System.Text.Json;
using InstantlySync.Cli;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>SPEC §14 on the console: every campaign whole on one line, plain text when piped, and bad input refused in one line.</summary>
public sealed class ReportConsoleTests(ReportAgency fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ReportAgency>
{
    [Fact]
    public async Task Piped_output_is_plain_markdown_with_every_campaign_name_whole_on_one_line()
    {
        var json = await fixture.ReportAsync("--json");
        var console = await fixture.ReportAsync();

        Assert.True(json.ExitCode == ExitCodes.Success && console.ExitCode == ExitCodes.Success, json.All + console.All);
        output.WriteLine(console.Out);
        var names = JsonDocument.Parse(json.Out).RootElement.GetProperty("workspaces").EnumerateArray()
            .SelectMany(w => w.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)).ToList();
        Assert.Contains(ReportAgency.LongName, names);
        var lines = console.Out.Split('\n');
        var missing = names.Where(name => !lines.Any(line => line.StartsWith("| " + name + " ", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, $"Not whole on one table line: {string.Join(", ", missing)}\n{console.Out}");
        Assert.DoesNotContain('\u001b', console.Out);
        Assert.DoesNotContain('╭', console.Out);
        foreach (var heading in new[] { "## acme: campaigns from ", "## globex: campaigns from ", "## initech: campaigns from ",
                     "### Best steps by reply rate", "### Worst steps by reply rate", "### Leads by status" })
        {
            Assert.Contains(heading, console.Out, StringComparison.Ordinal);
        }

        Assert.Contains("| campaign", console.Out, StringComparison.Ordinal);
        Assert.Contains("| Total ", console.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_totals_are_the_json_totals()
    {
        var json = await fixture.ReportAsync("--json", "--workspace", "globex", "--last", "10d");
        var console = await fixture.ReportAsync("--workspace", "globex", "--last", "10d");

        var totals = JsonDocument.Parse(json.Out).RootElement.GetProperty("workspaces")[0].GetProperty("totals");
        var total = console.Out.Split('\n').Single(l => l.StartsWith("| Total ", StringComparison.Ordinal));
        var cells = total.Split('|', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToList();
        Assert.Equal(totals.GetProperty("sent").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), cells[2]);
        Assert.Equal(totals.GetProperty("replies").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), cells[4]);
        Assert.Equal(totals.GetProperty("reply_rate").GetDecimal().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", cells[5]);
    }

    [Theory]
    [InlineData("--last", "7x")]
    [InlineData("--from", "2026-02-30")]
    [InlineData("--from", "2099-01-01")]
    [InlineData("--from", "2026-01-10", "--to", "2026-01-01")]
    [InlineData("--from", "2026-01-01", "--last", "7d")]
    [InlineData("--to", "2026-01-01")]
    [InlineData("--workspace", "nope")]
    [InlineData("--html", "/no/such/folder/report.html")]
    [InlineData("--bogus")]
    public async Task Bad_input_exits_2_with_one_line(params string[] args)
    {
        var result = await fixture.ReportAsync(args);

        Assert.True(result.ExitCode == ExitCodes.InvalidUsage, result.All);
        Assert.Equal("", result.Out);
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}
