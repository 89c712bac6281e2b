using System.Globalization;
using InstantlySync.Report;
using Spectre.Console;

namespace InstantlySync.Cli;

/// <summary>
/// The console rendering of <c>report</c>. On a terminal: box tables. Piped, redirected or in CI:
/// Markdown tables without color, so the same text reads plainly in a log and drops into a GitHub job
/// summary as is. Either way the width is never fitted to a terminal: a campaign name is never wrapped
/// or cut (a redirected stream has no width, and a cut name is a wrong name).
/// </summary>
internal static class ReportConsole
{
    /// <summary>Wide enough that no table is squeezed; Spectre draws tables at their natural width below it.</summary>
    private const int UnboundedWidth = 100_000;

    public static void Write(TextWriter output, ReportDocument document, bool terminal)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Render(text, document, terminal);
        // Markdown tables come with a blank row of spaces above and below, and every line is padded to
        // the widest: trimmed, a piped report has no trailing blanks and no doubled empty lines.
        var previousBlank = true;
        foreach (var line in text.ToString().Split('\n').Select(l => l.TrimEnd()))
        {
            if (line.Length > 0 || !previousBlank)
            {
                output.WriteLine(line);
            }

            previousBlank = line.Length == 0;
        }
    }

    private static void Render(TextWriter output, ReportDocument document, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = UnboundedWidth;
        var style = new Style(terminal, console);

        foreach (var workspace in document.Workspaces)
        {
            style.Heading($"{workspace.Name}: campaigns from {document.Window.From:yyyy-MM-dd} to {document.Window.To:yyyy-MM-dd} (UTC)", level: 2);
            var names = workspace.Campaigns.ToDictionary(c => c.CampaignId, c => ReportFormat.CampaignName(c.CampaignId, c.Name));
            if (workspace.Campaigns.Count == 0)
            {
                console.WriteLine("No campaigns.");
            }
            else
            {
                var campaigns = style.Table("campaign", "status", "leads", "sent", "unique opens", "replies", "reply rate", "bounced", "unsubscribed");
                foreach (var c in workspace.Campaigns)
                {
                    style.Row(campaigns, ReportFormat.CampaignName(c.CampaignId, c.Name), c.Status, Count(c.Leads), Count(c.Sent), Count(c.UniqueOpened), Count(c.Replies),
                        Rate(c.ReplyRate), Count(c.Bounced), Count(c.Unsubscribed));
                }

                var t = workspace.Totals;
                style.Row(campaigns, "Total", "", Count(workspace.Campaigns.Sum(c => c.Leads ?? 0)), Count(t.Sent), Count(t.UniqueOpened), Count(t.Replies),
                    Rate(t.ReplyRate), Count(t.Bounced), Count(t.Unsubscribed));
                console.Write(campaigns);
            }

            WriteSteps(console, style, "Best steps by reply rate (lifetime)", StepRanking.Best(workspace.Steps, 3), names);
            WriteSteps(console, style, "Worst steps by reply rate (lifetime)", StepRanking.Worst(workspace.Steps, 3), names);

            style.Heading("Leads by status", level: 3);
            var statuses = style.Table("status", "leads");
            var s = workspace.LeadsByStatus;
            style.Row(statuses, "replied", Count(s.Replied));
            style.Row(statuses, "bounced", Count(s.Bounced));
            style.Row(statuses, "emailed", Count(s.Emailed));
            style.Row(statuses, "not yet emailed", Count(s.NotYetEmailed));
            console.Write(statuses);
            console.WriteLine();
        }
    }

    private static void WriteSteps(IAnsiConsole console, Style style, string title, IReadOnlyList<StepFigures> steps, Dictionary<string, string> names)
    {
        style.Heading(title, level: 3);
        if (steps.Count == 0)
        {
            console.WriteLine("No step has sent anything.");
            return;
        }

        var table = style.Table("campaign", "step", "variant", "sent", "replies", "reply rate");
        foreach (var step in steps)
        {
            style.Row(table, names.GetValueOrDefault(step.CampaignId) ?? step.CampaignId, step.Step ?? ReportFormat.Missing, step.Variant ?? ReportFormat.Missing,
                Count(step.Sent), Count(step.Replies), Rate(step.ReplyRate));
        }

        console.Write(table);
    }

    private static string Count(long? value) => ReportFormat.Count(value);

    private static string Rate(decimal? value) => ReportFormat.Percent(value);

    /// <summary>What differs between a terminal and plain text: borders, headings and escaping.</summary>
    private sealed class Style(bool terminal, IAnsiConsole console)
    {
        public void Heading(string text, int level)
        {
            console.WriteLine();
            if (terminal)
            {
                console.MarkupLine(level == 2 ? $"[bold underline]{Markup.Escape(text)}[/]" : $"[bold]{Markup.Escape(text)}[/]");
            }
            else
            {
                // A blank line after a Markdown heading lets the table below it render as a table.
                console.WriteLine($"{new string('#', level)} {text}");
            }

            console.WriteLine();
        }

        public Table Table(params string[] columns)
        {
            var table = new Table().Border(terminal ? TableBorder.Rounded : TableBorder.Markdown);
            foreach (var column in columns)
            {
                var tableColumn = new TableColumn(Markup.Escape(column)).NoWrap();
                table.AddColumn(column is "campaign" or "status" ? tableColumn : tableColumn.RightAligned());
            }

            return table;
        }

        public void Row(Table table, params string[] cells)
            => table.AddRow(cells.Select(c => new Text(terminal ? c : c.Replace("|", "\\|", StringComparison.Ordinal))).ToArray());
    }
}
