using System.Text;

namespace InstantlySync.Benchmarks;

/// <summary>The modeled-layer section of <c>docs/performance.md</c> and its rows in the targets.</summary>
internal static partial class Report
{
    private static void TransformTargets(StringBuilder text, Saved<TransformResult>? saved)
    {
        if (saved is not { Result: var t })
        {
            Line(text, "| incremental transform after a 1 % change writes ≤ 5 % of the modeled rows in ≤ 10 % of the full rebuild's time | not measured | — |");
            return;
        }

        Row(text, $"incremental transform after a 1 % change writes ≤ {TransformResult.WrittenTarget:P0} of the modeled rows",
            $"{t.WrittenShare:P2} ({t.Incremental.TuplesWritten:N0} tuples of {t.Full.ModeledRows:N0} rows)", t.WrittenShare <= TransformResult.WrittenTarget && t.Complete);
        Row(text, $"incremental transform after a 1 % change ≤ {TransformResult.TimeTarget:P0} of the full rebuild's time",
            $"{t.TimeShare:P1} ({Duration(t.Incremental.WallSeconds)} against {Duration(t.Full.WallSeconds)})", t.TimeShare <= TransformResult.TimeTarget && t.Complete);
        Row(text, "a transform with nothing changed writes zero tuples", $"{t.Again.TuplesWritten:N0} tuples", t.Again.TuplesWritten == 0 && t.Complete);
    }

    private static void Transform(StringBuilder text, Saved<TransformResult>? saved)
    {
        Line(text, "## The modeled layer (transform)");
        Line(text);
        if (saved is not { Run: var run, Result: var t })
        {
            Line(text, "Not measured.");
            Line(text);
            return;
        }

        Line(text, $"One workspace of the fake API ({t.Workload.Campaigns} campaigns, {t.LeadsStored:N0} leads, {t.Workload.Emails:N0} emails) synced with");
        Line(text, "`sync --all --no-transform`, then built into the modeled schema by the CLI. *Sequential scan* reads every raw");
        Line(text, "lead's JSON once (`sum(pg_column_size(raw_json))`, index scans off, best of three), in the same run: the least");
        Line(text, "any rebuild that reads every lead can cost. Between the full rebuild and the incremental run, 1 % of the raw");
        Line(text, $"leads ({t.LeadsChanged:N0}) changed as a day's sync changes them: a new reply (counters, `timestamp_last_reply`,");
        Line(text, "`timestamp_updated`), written as the upserter writes a changed row (merged JSON, `updated_at`). Wall time is the");
        Line(text, "whole CLI process (start-up included); *batch* is its `sync_batches` row's own duration. Tuples written are");
        Line(text, "`pg_stat_user_tables` inserts + updates + deletes in the modeled schema, and modeled rows its live rows: both");
        Line(text, "count the staging table `stg_leads` (one row per raw lead, kept between runs) with the five modeled tables.");
        Line(text);
        Line(text, "| run | wall time | batch | × sequential scan | tuples written | modeled rows | exit |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|");
        Line(text, $"| sequential scan of the raw leads | {Duration(t.ScanSeconds)} | | 1.0× | | | |");
        foreach (var r in new[] { t.Full, t.Incremental, t.Again })
        {
            Line(text, $"| `{r.Command}` | {Duration(r.WallSeconds)} | {Duration(r.BatchSeconds)} | {r.WallSeconds / t.ScanSeconds:0.0}× | {r.TuplesWritten:N0} | {r.ModeledRows:N0} | {r.ExitCode} |");
        }

        Line(text);
        Line(text, $"The incremental run wrote **{t.WrittenShare:P2}** of the modeled rows (target ≤ {TransformResult.WrittenTarget:P0}) in **{t.TimeShare:P1}** of the");
        Line(text, $"full rebuild's time (target ≤ {TransformResult.TimeTarget:P0}); run again with nothing changed, it wrote {t.Again.TuplesWritten:N0} tuples.");
        Line(text);
        Line(text, $"Command: `{run.Command}` (commit {run.Commit}). Measured {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
        Line(text);
    }
}
