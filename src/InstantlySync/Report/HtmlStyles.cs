namespace InstantlySync.Report;

/// <summary>
/// The page's one inline stylesheet. System fonts only: a web font would be a fetch, and the page
/// must open offline. Colours keep at least 4.5:1 against white; the charts also tell their series
/// apart by dash and marker shape, so they survive greyscale print.
/// </summary>
internal static class HtmlStyles
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --sent: #1f5fa8; --replies: #b3400a; --bar: #1f5fa8; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin: 2.5rem 0 .25rem; }
        h3 { font-size: 1.05rem; margin: 1.75rem 0 .5rem; }
        p { margin: .25rem 0 .75rem; }
        .muted, figcaption { color: var(--muted); }
        .note { padding: .6rem .8rem; border-left: 4px solid var(--muted); background: #f6f8fa; }
        nav ul { padding-left: 1.2rem; }
        a { color: var(--sent); }
        table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 700; font-size: 1.05rem; padding: 1rem 0 .4rem; }
        th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); }
        th[scope="row"] { font-weight: normal; overflow-wrap: anywhere; }
        .num { text-align: right; white-space: nowrap; }
        figure { margin: .5rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-size: .9rem; margin-top: .35rem; }
        details { margin: 0 0 1rem; }
        summary { cursor: pointer; color: var(--muted); }
        svg.chart { display: block; width: 100%; max-width: 820px; height: auto; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; fill: var(--ink); }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .grid { stroke: #e3e7eb; stroke-width: 1; }
        svg .axis { stroke: var(--ink); stroke-width: 1; }
        svg .bar { fill: var(--bar); }
        svg .line { fill: none; stroke-width: 2.5; stroke-linejoin: round; }
        svg .sent .line { stroke: var(--sent); }
        svg .sent .marker { fill: var(--sent); }
        svg .replies .line { stroke: var(--replies); stroke-dasharray: 7 4; }
        svg .replies .marker { fill: var(--replies); }
        @page { margin: 14mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          nav { display: none; }
          .workspace + .workspace { break-before: page; page-break-before: always; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          a { color: inherit; text-decoration: none; }
        }
        """;
}
