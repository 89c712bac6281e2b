using System.Globalization;
using System.Text;
using static InstantlySync.Report.SvgGeometry;

namespace InstantlySync.Report;

/// <summary>One series of the line chart: a value per day of the window.</summary>
internal sealed record SvgSeries(string Name, string CssClass, IReadOnlyList<long> Values);

/// <summary>
/// Lines over the days of the window, the first day at the left edge and the last at the right.
/// Each series has its own dash and marker as well as its colour, and the legend names them, so
/// the chart reads in greyscale print too.
/// </summary>
internal static class SvgLineChart
{
    private const double Width = 760;
    private const double Height = 300;
    private const double Left = 56;
    private const double Right = 20;
    private const double Top = 36;
    private const double Bottom = 36;
    private const int MaxMarkedDays = 62;

    public static string Render(string id, string title, string description, DateOnly firstDay, IReadOnlyList<SvgSeries> series)
    {
        var days = series[0].Values.Count;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var ticks = Ticks(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max(), 4, integers: true);
        var max = ticks[^1];
        double X(int day) => days == 1 ? Left + plotWidth / 2 : Left + day * plotWidth / (days - 1);
        double Y(double value) => Top + plotHeight - value / max * plotHeight;

        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">");
        svg.Append($"<title id=\"{id}-title\">{Escape(title)}</title><desc id=\"{id}-desc\">{Escape(description)}</desc>");
        foreach (var tick in ticks)
        {
            svg.Append($"<line class=\"grid\" x1=\"{N(Left)}\" y1=\"{N(Y(tick))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(tick))}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{N(Left - 6)}\" y=\"{N(Y(tick) + 4)}\" text-anchor=\"end\">{ReportFormat.Count((long)tick)}</text>");
        }

        foreach (var day in DateTicks(days, 7))
        {
            var label = firstDay.AddDays(day).ToString("MMM d", CultureInfo.InvariantCulture);
            svg.Append($"<line class=\"axis\" x1=\"{N(X(day))}\" y1=\"{N(Top + plotHeight)}\" x2=\"{N(X(day))}\" y2=\"{N(Top + plotHeight + 5)}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{N(X(day))}\" y=\"{N(Top + plotHeight + 20)}\" text-anchor=\"middle\">{Escape(label)}</text>");
        }

        svg.Append($"<line class=\"axis\" x1=\"{N(Left)}\" y1=\"{N(Top + plotHeight)}\" x2=\"{N(Width - Right)}\" y2=\"{N(Top + plotHeight)}\"/>");
        for (var s = 0; s < series.Count; s++)
        {
            var points = string.Join(' ', series[s].Values.Select((v, day) => $"{N(X(day))},{N(Y(v))}"));
            svg.Append($"<g class=\"{series[s].CssClass}\"><polyline class=\"line\" points=\"{points}\"/>");
            if (days <= MaxMarkedDays)
            {
                for (var day = 0; day < days; day++)
                {
                    svg.Append(Marker(s, X(day), Y(series[s].Values[day])));
                }
            }

            svg.Append("</g>");
        }

        svg.Append(Legend(series));
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>About <paramref name="count"/> evenly spread days to label, always the first and the last.</summary>
    private static IEnumerable<int> DateTicks(int days, int count) =>
        days <= count
            ? Enumerable.Range(0, days)
            : Enumerable.Range(0, count).Select(i => (int)Math.Round(i * (days - 1) / (double)(count - 1))).Distinct();

    /// <summary>A circle for the first series, a square for the next: the shape tells them apart without colour.</summary>
    private static string Marker(int series, double x, double y) => series == 0
        ? $"<circle class=\"marker\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"3\"/>"
        : $"<rect class=\"marker\" x=\"{N(x - 3)}\" y=\"{N(y - 3)}\" width=\"6\" height=\"6\"/>";

    private static string Legend(IReadOnlyList<SvgSeries> series)
    {
        var legend = new StringBuilder("<g class=\"legend\">");
        var x = Left;
        for (var s = 0; s < series.Count; s++)
        {
            legend.Append($"<g class=\"{series[s].CssClass}\"><line class=\"line\" x1=\"{N(x)}\" y1=\"14\" x2=\"{N(x + 28)}\" y2=\"14\"/>");
            legend.Append(Marker(s, x + 14, 14));
            legend.Append($"<text class=\"label\" x=\"{N(x + 34)}\" y=\"18\">{Escape(series[s].Name)}</text></g>");
            x += 120;
        }

        return legend.Append("</g>").ToString();
    }
}
