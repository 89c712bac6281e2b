namespace InstantlySync.Benchmarks;

/// <summary>Runs the parts the options ask for and saves each one's results as soon as it is measured.</summary>
internal static class Parts
{
    public static async Task RunAsync(BenchOptions options, string command, TextWriter log, CancellationToken cancellationToken)
    {
        var run = new RunInfo(DateTimeOffset.UtcNow, command, RunInfo.CurrentCommit(), await Machine.DescribeAsync(cancellationToken));
        var work = Directory.CreateDirectory(Path.Combine(Results.Directory, "runs")).FullName;

        if (options.Parts.Contains("upsert"))
        {
            log.WriteLine($"upsert: generating {options.Rows.Max():N0} lead rows from a fake workspace");
            var all = await LeadRows.GenerateAsync(options.Rows.Max(), cancellationToken);
            await using var database = await BenchDatabase.CreateAsync("upsert", cancellationToken);
            var benchmark = new UpsertBenchmark(database, options.BatchSize, log);
            foreach (var count in options.Rows.Order())
            {
                var rows = count == all.Count ? all : LeadRows.Sample(all, count);
                var result = await benchmark.RunAsync(rows, options.NaiveSample, options.Repeat, cancellationToken);
                if (options.Compare is { } label)
                {
                    Results.Save($"compare-{Results.Slug(label)}-{count}", run with { Label = label }, result);
                }
                else
                {
                    Results.Save($"upsert-{count}", run, result);
                }
            }
        }

        if (options.Parts.Contains("memory"))
        {
            foreach (var leads in options.MemoryLeads)
            {
                // Peak memory depends on how many rows pass through, not on waiting: no latency, few emails.
                var result = await SyncBenchmark.RunAsync(new SyncWorkload(50, leads, 1_000, 0), work, log, cancellationToken);
                Results.Save($"memory-{leads}", run, result);
            }
        }

        if (options.Parts.Contains("sync-few-emails"))
        {
            var result = await SyncBenchmark.RunAsync(BenchOptions.FewEmails, work, log, cancellationToken);
            Results.Save("sync-few-emails", run, result);
        }

        if (options.Parts.Contains("workspaces"))
        {
            var result = await WorkspacesBenchmark.RunAsync(options.Workspaces, work, log, cancellationToken);
            Results.Save(options.Workspaces == BenchOptions.SeveralWorkspaces ? "workspaces" : "workspaces-variant", run, result);
        }

        if (options.Parts.Contains("transform"))
        {
            var result = await TransformBenchmark.RunAsync(options.Transform, work, log, cancellationToken);
            Results.Save(options.Transform == BenchOptions.TransformWorkload ? "transform" : "transform-variant", run, result);
        }

        if (options.Parts.Contains("push"))
        {
            Results.Save("push", run, await PushBenchmark.RunAsync(10_000, work, log, cancellationToken));
        }

        if (options.Parts.Contains("report"))
        {
            // The modeled layer of the transform part's workspace, with 90 days of analytics.
            Results.Save("report", run, await ReportBenchmark.RunAsync(BenchOptions.TransformWorkload, work, log, cancellationToken));
        }

        if (options.Parts.Contains("sync"))
        {
            var result = await SyncBenchmark.RunAsync(options.Sync, work, log, cancellationToken);
            // Only the standard workload is what the report records; other ones are for development.
            Results.Save(options.Sync == BenchOptions.Standard ? "sync" : "sync-variant", run, result);
        }
    }
}
