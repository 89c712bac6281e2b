using System.Globalization;
using System.Net;

namespace InstantlySync.Report;

/// <summary>What the hand-drawn charts share: axis ticks, coordinates, escaped and wrapped text.</summary>
internal static class SvgGeometry
{
    private static readonly double[] TickMultiples = [1, 2, 5, 10];

    /// <summary>A coordinate with at most one decimal, invariant: SVG wants a dot, never a comma.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// Round-number ticks from 0 up to at least <paramref name="max"/> (steps of 1, 2 or 5 × 10ⁿ), about
    /// <paramref name="target"/> of them, so gridlines fall on figures a reader can read off.
    /// </summary>
    public static IReadOnlyList<double> Ticks(double max, int target, bool integers)
    {
        if (max <= 0)
        {
            return [0, 1];
        }

        var raw = max / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = TickMultiples.Select(m => m * magnitude).First(s => s >= raw);
        if (integers)
        {
            step = Math.Max(1, Math.Ceiling(step));
        }

        var top = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var i = 0; i * step <= top + step / 2; i++)
        {
            ticks.Add(i * step);
        }

        return ticks;
    }

    /// <summary>
    /// Breaks a label into lines of at most <paramref name="width"/> characters, at spaces where it
    /// can: SVG text does not wrap by itself, and campaign names are never cut short.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > width)
            {
                if (line.Length > 0)
                {
                    lines.Add(line);
                    line = "";
                }

                // Never split a surrogate pair: half an emoji would render as a replacement mark.
                var cut = char.IsHighSurrogate(rest[width - 1]) ? width - 1 : width;
                lines.Add(rest[..cut]);
                rest = rest[cut..];
            }

            if (line.Length == 0)
            {
                line = rest;
            }
            else if (line.Length + 1 + rest.Length <= width)
            {
                line += " " + rest;
            }
            else
            {
                lines.Add(line);
                line = rest;
            }
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line);
        }

        return lines;
    }
}
