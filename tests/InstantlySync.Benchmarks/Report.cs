using System.Globalization;
using System.Text;

namespace InstantlySync.Benchmarks;

/// <summary>Writes <c>docs/performance.md</c> from the saved results; nothing in it is typed by hand.</summary>
internal static partial class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write()
    {
        var upserts = Results.LoadAll<UpsertResult>("upsert-").OrderBy(r => r.Result.Rows).ToList();
        var comparisons = Results.LoadAll<UpsertResult>("compare-").OrderBy(r => r.Run.Label).ThenBy(r => r.Result.Rows).ToList();
        var syncs = new List<(string Title, Saved<SyncResult>? Saved)>
        {
            ("(a) 100,000 emails", Results.Load<SyncResult>("sync")),
            ("(b) 1,500 emails", Results.Load<SyncResult>("sync-few-emails")),
        };
        var memory = Results.LoadAll<SyncResult>("memory-").OrderBy(r => r.Result.Workload.Leads).ToList();
        var workspaces = Results.Load<WorkspacesResult>("workspaces");
        var transform = Results.Load<TransformResult>("transform");
        var push = Results.Load<PushResult>("push");
        var report = Results.Load<ReportResult>("report");

        var text = new StringBuilder();
        Line(text, "# Performance");
        Line(text);
        Line(text, "Written by `tests/InstantlySync.Benchmarks` from its own measurements (do not edit by hand). Every ratio");
        Line(text, "compares figures measured side by side in the same run, on a shared machine whose absolute numbers are noisy.");
        Line(text);
        Targets(text, upserts, syncs, memory, workspaces, transform, push);
        Upserts(text, upserts);
        Comparisons(text, comparisons);
        PerBatchCost(text, upserts, comparisons);
        Sync(text, syncs);
        Workspaces(text, workspaces);
        Transform(text, transform);
        Push(text, push);
        CampaignReport(text, report);
        Memory(text, memory);
        Machines(text, upserts.Concat(comparisons).Select(u => u.Run).Concat(memory.Select(m => m.Run)).Concat(syncs.Select(s => s.Saved?.Run))
            .Append(workspaces?.Run).Append(transform?.Run).Append(push?.Run).Append(report?.Run).OfType<RunInfo>().ToList());
        Reproduce(text);

        var path = Path.Combine(Repository.Root, "docs", "performance.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static void Targets(StringBuilder text, List<Saved<UpsertResult>> upserts, List<(string Title, Saved<SyncResult>? Saved)> syncs, List<Saved<SyncResult>> memory,
        Saved<WorkspacesResult>? workspaces, Saved<TransformResult>? transform, Saved<PushResult>? push)
    {
        Line(text, "## Targets");
        Line(text);
        Line(text, "| target | figure | met |");
        Line(text, "|---|---|---|");
        foreach (var (_, u) in upserts)
        {
            var n = $"{u.Rows:N0} rows";
            Row(text, $"{n}: new rows ≥ 0.7× COPY", Ratio(u.New, u.CopyNew), u.New.RowsPerSecond >= 0.7 * u.CopyNew.RowsPerSecond);
            Row(text, $"{n}: changed rows ≥ 0.5× COPY", Ratio(u.Changed, u.CopyChanged), u.Changed.RowsPerSecond >= 0.5 * u.CopyChanged.RowsPerSecond);
            Row(text, $"{n}: unchanged rows ≥ 0.8× COPY", Ratio(u.Unchanged, u.CopyChanged), u.Unchanged.RowsPerSecond >= 0.8 * u.CopyChanged.RowsPerSecond);
            Row(text, $"{n}: unchanged rows write zero tuples", $"{u.Unchanged.Tuples.Written:N0} tuples", u.Unchanged.Tuples.Written == 0);
            var vsNaive = new[] { Over(u.New, u.NaiveNew), Over(u.Changed, u.NaiveChanged), Over(u.Unchanged, u.NaiveUnchanged) };
            Row(text, $"{n}: every case ≥ 3.5× naive", $"{vsNaive.Min():0.0}× (new {vsNaive[0]:0.0}×, changed {vsNaive[1]:0.0}×, unchanged {vsNaive[2]:0.0}×)", vsNaive.Min() >= 3.5);
        }

        foreach (var (title, saved) in syncs)
        {
            if (saved is not { Result: var s })
            {
                Line(text, $"| whole sync {title} ≤ 1.15× its lower bound, zero 429 responses | not measured | — |");
                continue;
            }

            Row(text, $"whole sync {title} ≤ 1.15× its lower bound", $"{s.Ratio:0.000}× ({Duration(s.WallSeconds)} for a bound of {Duration(s.LowerBoundSeconds)})", s.Ratio <= 1.15 && s.Complete);
            Row(text, $"whole sync {title}: zero 429 responses", $"{s.RateLimited:N0}", s.RateLimited == 0);
        }

        if (memory.Count > 0)
        {
            var smallest = memory[0].Result;
            var largest = memory[^1].Result;
            Row(text, $"peak RSS at {largest.Workload.Leads:N0} leads ≤ 250 MB", Megabytes(largest.PeakRssBytes), largest.PeakRssBytes <= 250L * 1024 * 1024);
            Row(text, $"peak RSS at {largest.Workload.Leads:N0} leads ≤ 1.3× at {smallest.Workload.Leads:N0}",
                $"{(double)largest.PeakRssBytes / smallest.PeakRssBytes:0.00}× ({Megabytes(largest.PeakRssBytes)} vs {Megabytes(smallest.PeakRssBytes)})",
                largest.PeakRssBytes <= 1.3 * smallest.PeakRssBytes);
        }

        WorkspacesTargets(text, workspaces);
        TransformTargets(text, transform);
        PushTargets(text, push);
        Line(text);
    }

    private static void Upserts(StringBuilder text, List<Saved<UpsertResult>> upserts)
    {
        if (upserts.Count == 0)
        {
            return;
        }

        Line(text, "## Upserter throughput (leads)");
        Line(text);
        Line(text, "Rows are the fake workspace's leads as the sync writes them (production `LeadTransformer`, id order).");
        Line(text, "*COPY* is binary COPY of the same rows straight into `instantly_leads_raw` (all its indexes) after a");
        Line(text, "TRUNCATE, in one transaction: PostgreSQL taking rows with nothing else to do. *Upsert* is the product's");
        Line(text, "`Upserter`, each batch its own transaction: one probe of keys and stored fingerprints (`raw_hash`), binary");
        Line(text, "COPY of the rows with no stored version, one merging `INSERT … SELECT … FROM unnest … ON CONFLICT DO UPDATE`");
        Line(text, "for rows whose fingerprint differs; rows equal to what was last written are not sent. The time includes");
        Line(text, "fingerprinting the rows. *Naive* is the earlier design: per row, `SELECT` the stored JSON, merge in the");
        Line(text, "application, one `INSERT … ON CONFLICT DO UPDATE` that writes the row, a transaction per batch.");
        Line(text, "*Changed* rows carry a new `timestamp_updated` (an extracted column) and a new `payload.leadScore`: every");
        Line(text, "row's merge result differs. *Unchanged* sends the same rows again. Only database calls are timed.");
        Line(text, "Tuples are `pg_stat_user_tables` `n_tup_ins`/`n_tup_upd` deltas, read after the writers' connections closed.");
        Line(text, "They count rolled-back work too: the changed case starts while the table is in initial-load mode (the new-row");
        Line(text, "case ran just before), so its first batch is COPYed as new, refused by the stored keys and rolled back (one");
        Line(text, "batch of inserted tuples that never became visible) before the upserter probes again.");
        Line(text);
        foreach (var (run, u) in upserts)
        {
            var naiveNote = u.NaiveSample < u.Rows
                ? $"; naive timed on the last {u.NaiveSample:N0} rows on top of the other {u.Rows - u.NaiveSample:N0} (COPY, not timed), reported as rows/s"
                : "";
            Line(text, $"### {u.Rows:N0} rows");
            Line(text);
            Line(text, $"Average lead JSON {u.AverageJsonBytes:N0} bytes; batch size {u.BatchSize}; best of {u.Repetitions}{naiveNote}.");
            Line(text);
            Line(text, "| case | rows/s | seconds | × COPY | × naive | tuples inserted | tuples updated |");
            Line(text, "|---|---:|---:|---:|---:|---:|---:|");
            Measure(text, "COPY, new rows", u.CopyNew, null, null);
            Measure(text, "COPY, changed rows", u.CopyChanged, null, null);
            if (u.CopyPerBatch is { } perBatch)
            {
                Measure(text, $"COPY, new rows, {u.BatchSize} per transaction", perBatch, u.CopyNew, null);
            }

            Measure(text, "**upsert, new rows**", u.New, u.CopyNew, u.NaiveNew);
            Measure(text, "**upsert, changed rows**", u.Changed, u.CopyChanged, u.NaiveChanged);
            Measure(text, "**upsert, unchanged rows**", u.Unchanged, u.CopyChanged, u.NaiveUnchanged);
            Measure(text, "naive, new rows", u.NaiveNew, u.CopyNew, null);
            Measure(text, "naive, changed rows", u.NaiveChanged, u.CopyChanged, null);
            Measure(text, "naive, unchanged rows", u.NaiveUnchanged, u.CopyChanged, null);
            Line(text);
            double PerBatch(Throughput t) => t.Seconds / t.Rows * u.BatchSize * 1000;
            Line(text, $"Time per {u.BatchSize} rows: upsert new {PerBatch(u.New):0.0} ms, changed {PerBatch(u.Changed):0.0} ms, unchanged {PerBatch(u.Unchanged):0.0} ms;");
            Line(text, $"COPY of as many rows {PerBatch(u.CopyNew):0.0} ms (new) and {PerBatch(u.CopyChanged):0.0} ms (changed); naive {PerBatch(u.NaiveNew):0.0} ms (new).");
            if (u.CopyPerBatch is { } batched)
            {
                Line(text, $"COPY of one batch as its own transaction: {PerBatch(batched):0.0} ms, so committing batch by batch alone costs " +
                    $"{PerBatch(batched) - PerBatch(u.CopyNew):0.0} ms a batch; upsert of new rows is {Ratio(u.New, batched)} of that.");
            }

            Line(text, $"Measured {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
            Line(text);
        }
    }

    private static void Comparisons(StringBuilder text, List<Saved<UpsertResult>> comparisons)
    {
        if (comparisons.Count == 0)
        {
            return;
        }

        Line(text, "## Other upserter configurations (not the targets)");
        Line(text);
        Line(text, "The same measurement with one thing changed, each in a run of its own (its own COPY and naive figures).");
        Line(text);
        Line(text, "| configuration | rows | batch | new × COPY | changed × COPY | unchanged × COPY | unchanged tuples | min × naive | upsert new rows/s | measured |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (run, u) in comparisons)
        {
            var vsNaive = Math.Min(Over(u.New, u.NaiveNew), Math.Min(Over(u.Changed, u.NaiveChanged), Over(u.Unchanged, u.NaiveUnchanged)));
            Line(text, $"| {run.Label} | {u.Rows:N0} | {u.BatchSize} | {Ratio(u.New, u.CopyNew)} | {Ratio(u.Changed, u.CopyChanged)} | {Ratio(u.Unchanged, u.CopyChanged)} | {u.Unchanged.Tuples.Written:N0} | {vsNaive:0.0}× | {u.New.RowsPerSecond:N0} | {run.MeasuredAt:yyyy-MM-dd HH:mm} UTC |");
        }

        Line(text);
    }

    /// <summary>What a batch costs whatever its size: the recorded batch size against a run with ten times larger batches.</summary>
    private static void PerBatchCost(StringBuilder text, List<Saved<UpsertResult>> upserts, List<Saved<UpsertResult>> comparisons)
    {
        foreach (var (_, u) in upserts)
        {
            var larger = comparisons.FirstOrDefault(c =>
                c.Result.Rows == u.Rows && c.Result.BatchSize == u.BatchSize * 10 && c.Run.Label == $"batch size {c.Result.BatchSize}")?.Result;
            if (larger is null)
            {
                continue;
            }

            double Fixed(Throughput small, Throughput large) => (small.Seconds / small.Rows - large.Seconds / large.Rows) * u.BatchSize * 1000;
            Line(text, $"Per-batch cost at {u.Rows:N0} rows: a batch of {u.BatchSize} spends about {Fixed(u.New, larger.New):0} ms (new), " +
                $"{Fixed(u.Changed, larger.Changed):0} ms (changed) and {Fixed(u.Unchanged, larger.Unchanged):0} ms (unchanged) more than {u.BatchSize} rows " +
                $"of a {larger.BatchSize}-row batch: round trips, statement planning and the commit, paid once per batch.");
            Line(text);
        }
    }

    private static void Memory(StringBuilder text, List<Saved<SyncResult>> memory)
    {
        if (memory.Count == 0)
        {
            return;
        }

        Line(text, "## Peak memory");
        Line(text);
        Line(text, "Peak resident set (`VmHWM` from `/proc/<pid>/status`, sampled every 100 ms until exit) of the CLI process");
        Line(text, "running `sync --all` against the fake API (50 campaigns, 1,000 emails, no added latency, rate limits on).");
        Line(text);
        Line(text, "| leads | peak RSS | × smallest | wall time | exit | leads stored | 429s |");
        Line(text, "|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (_, m) in memory)
        {
            Line(text, $"| {m.Workload.Leads:N0} | {Megabytes(m.PeakRssBytes)} | {(double)m.PeakRssBytes / memory[0].Result.PeakRssBytes:0.00}× | {Duration(m.WallSeconds)} | {m.ExitCode} | {m.LeadsStored:N0} | {m.RateLimited:N0} |");
        }

        Line(text);
    }

    private static void Machines(StringBuilder text, List<RunInfo> runs)
    {
        Line(text, "## Machine and commands");
        Line(text);
        foreach (var group in runs.GroupBy(r => (r.Command, r.Commit, r.Label, r.Machine)))
        {
            var m = group.Key.Machine;
            var what = group.Key.Label is { } label ? $"{label}; " : "";
            Line(text, $"- `{group.Key.Command}` ({what}commit {group.Key.Commit}, started {group.Min(r => r.MeasuredAt):yyyy-MM-dd HH:mm} UTC)");
            Line(text, $"  on {m.Cores} cores ({m.Cpu}), {m.Memory}, {m.Os}, {m.Runtime}, {m.Postgres}.");
        }

        Line(text);
    }

    private static void Reproduce(StringBuilder text)
    {
        Line(text, "## Reproduce");
        Line(text);
        Line(text, "```");
        Line(text, "scripts/postgres.sh start");
        Line(text, "dotnet build -c Release InstantlySync.sln");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks              # everything (about 100 minutes here)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only sync # whole sync (a) alone (about 55 minutes)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only sync-few-emails   # whole sync (b) alone (about a minute)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only workspaces        # several workspaces at once (a few minutes)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only transform         # the modeled layer: full and incremental (a few minutes)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only push              # push: a top-up and a drain of 10,000 leads (a few minutes)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only report            # the campaign report: console, JSON, HTML (a few minutes)");
        Line(text, "dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- --only sync --emails 2000   # a quick variant, not recorded");
        Line(text, "```");
        Line(text);
        Line(text, "`scripts/bench.sh` wraps the same (`scripts/bench.sh --only upsert,memory`). Each part saves its results in");
        Line(text, "`artifacts/benchmarks/` as soon as it is measured and this file is rewritten from all saved results, so parts");
        Line(text, "can be run separately; `--report-only` rewrites it without measuring. The server is the one `scripts/postgres.sh`");
        Line(text, "starts, or `INSTANTLY_BENCH_DATABASE_URL`; each part creates its own database and drops it afterwards.");
    }

    private static void Measure(StringBuilder text, string name, Throughput t, Throughput? copy, Throughput? naive)
        => Line(text, $"| {name} | {t.RowsPerSecond:N0} | {t.Seconds:0.00} | {(copy is null ? "" : Ratio(t, copy))} | {(naive is null ? "" : $"{Over(t, naive):0.0}×")} | {t.Tuples.Inserted:N0} | {t.Tuples.Updated:N0} |");

    private static double Over(Throughput a, Throughput b) => a.RowsPerSecond / b.RowsPerSecond;

    private static string Ratio(Throughput a, Throughput copy) => $"{Over(a, copy):0.00}×";

    private static void Row(StringBuilder text, string target, string figure, bool met)
        => Line(text, $"| {target} | {figure} | {(met ? "yes" : "**no**")} |");

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0} MB";

    private static string Duration(double seconds) => seconds >= 120
        ? $"{seconds / 60:0.0} min ({seconds:N0} s)"
        : $"{seconds:0.0} s";

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
