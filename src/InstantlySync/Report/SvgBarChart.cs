using System.Text;
using static InstantlySync.Report.SvgGeometry;

namespace InstantlySync.Report;

/// <summary>One bar: its label (a line break starts a new line), its length (null draws no bar) and the figure beside it.</summary>
internal sealed record SvgBar(string Label, double? Value, string ValueText);

/// <summary>
/// Horizontal bars, one row per label. Horizontal because the labels (campaign names, whole) need
/// the width, and a row per bar lets the chart grow with the number of steps.
/// </summary>
internal static class SvgBarChart
{
    private const double Width = 760;
    private const double MaxLabelWidth = 300;
    private const double CharWidth = 6.6;
    private const double ValueWidth = 160;
    private const double Top = 28;
    private const double LineHeight = 14;
    private const int LabelChars = 44; // × CharWidth fits MaxLabelWidth

    public static string Render(string id, string title, string description, IReadOnlyList<SvgBar> bars,
        Func<double, string> tickText, bool integers)
    {
        var labels = bars.Select(b => b.Label.Split('\n').SelectMany(part => Wrap(part, LabelChars)).ToList()).ToList();
        var rowHeights = labels.Select(l => Math.Max(24, l.Count * LineHeight + 10)).ToList();
        var plotHeight = rowHeights.Sum();
        var height = Top + plotHeight + 8;
        // As wide as the longest line needs (at about 6.6px a character of 12px text), so short labels
        // such as lead statuses leave the width to the bars.
        var labelWidth = Math.Min(MaxLabelWidth, labels.SelectMany(l => l).Select(line => line.Length).DefaultIfEmpty(0).Max() * CharWidth + 8);
        var left = labelWidth + 8;
        var plotWidth = Width - left - ValueWidth;
        var ticks = Ticks(bars.Max(b => b.Value) ?? 0, 4, integers);
        var max = ticks[^1];

        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">");
        svg.Append($"<title id=\"{id}-title\">{Escape(title)}</title><desc id=\"{id}-desc\">{Escape(description)}</desc>");
        foreach (var tick in ticks)
        {
            var x = left + tick / max * plotWidth;
            svg.Append($"<line class=\"grid\" x1=\"{N(x)}\" y1=\"{N(Top - 4)}\" x2=\"{N(x)}\" y2=\"{N(Top + plotHeight)}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{N(x)}\" y=\"{N(Top - 10)}\" text-anchor=\"middle\">{Escape(tickText(tick))}</text>");
        }

        var y = Top;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var middle = y + rowHeights[i] / 2;
            var firstLine = middle - (labels[i].Count - 1) * LineHeight / 2 + 4;
            svg.Append($"<text class=\"label\" x=\"{N(labelWidth)}\" y=\"{N(firstLine)}\" text-anchor=\"end\">");
            for (var line = 0; line < labels[i].Count; line++)
            {
                var dy = line == 0 ? "" : $" dy=\"{N(LineHeight)}\"";
                svg.Append($"<tspan x=\"{N(labelWidth)}\"{dy}>{Escape(labels[i][line])}</tspan>");
            }

            svg.Append("</text>");
            var length = bar.Value is { } v ? v / max * plotWidth : 0;
            if (length > 0)
            {
                svg.Append($"<rect class=\"bar\" x=\"{N(left)}\" y=\"{N(middle - 8)}\" width=\"{N(Math.Max(length, 1))}\" height=\"16\"/>");
            }

            svg.Append($"<text class=\"value\" x=\"{N(left + length + 6)}\" y=\"{N(middle + 4)}\">{Escape(bar.ValueText)}</text>");
            y += rowHeights[i];
        }

        svg.Append($"<line class=\"axis\" x1=\"{N(left)}\" y1=\"{N(Top - 4)}\" x2=\"{N(left)}\" y2=\"{N(Top + plotHeight)}\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
