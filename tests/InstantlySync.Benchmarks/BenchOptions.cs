using System.Globalization;

namespace InstantlySync.Benchmarks;

/// <summary>The benchmark's flags; every figure has a default that is the recorded configuration.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/InstantlySync.Benchmarks -- [options]
          --only LIST          parts to run: upsert,sync,sync-few-emails,memory,workspaces,transform,push (default: all seven)
                               sync            whole sync of the standard workspace: 300,000 leads, 100,000 emails (~55 min)
                               sync-few-emails whole sync of the same leads with 1,500 emails (16 GET /emails pages, ~1 min)
                               workspaces      three workspaces of 100,000 leads and 1,500 emails, each synced alone,
                                               then all three by one process (~3 min)
                               transform       the modeled layer of a 300,000-lead workspace: transform --full,
                                               then the incremental transform after 1 % of the leads changed (~3 min)
                               push            a top-up of 10,000 leads, then a drain of 10,000, against the fake's limits (~2 min)
          --rows LIST          upsert row counts (default 100000,1000000)
          --naive-sample N     rows the naive design is timed on when a row count is larger (default 50000)
          --repeat N           upsert repetitions, best of (default 2)
          --batch-size N       upsert batch size (default 500, the sync's default)
          --campaigns N        sync workspace campaigns (default 50)
          --leads N            sync workspace leads (default 300000)
          --emails N           sync workspace emails (default 100000)
          --latency-ms N       fake API latency per request for the sync (default 50)
                               (these four change the sync part only; a changed workspace is saved apart and not reported)
          --workspace-leads N  leads of each workspace in the workspaces part (default 100000; another count is
                               saved apart and not reported)
          --transform-leads N  leads of the transform part's workspace (default 300000; another count is saved apart)
          --memory-leads LIST  lead counts for the peak-memory runs (default 10000,1000000)
          --compare LABEL      save upsert results as a comparison (another upserter or batch size), shown apart
                               from the targets; LABEL says what differs, e.g. "batch size 5000"
          --report-only        write docs/performance.md from the saved results, measure nothing
        Results are saved under artifacts/benchmarks/; docs/performance.md is written from them.
        """;

    public static IReadOnlyList<string> AllParts { get; } = ["upsert", "sync", "sync-few-emails", "memory", "workspaces", "transform", "push", "report"];

    public IReadOnlySet<string> Parts { get; init; } = AllParts.ToHashSet();
    public IReadOnlyList<int> Rows { get; init; } = [100_000, 1_000_000];
    public int NaiveSample { get; init; } = 50_000;
    public int Repeat { get; init; } = 2;
    public int BatchSize { get; init; } = 500;
    public SyncWorkload Sync { get; init; } = Standard;
    public SyncWorkload Workspaces { get; init; } = SeveralWorkspaces;
    public SyncWorkload Transform { get; init; } = TransformWorkload;
    public IReadOnlyList<int> MemoryLeads { get; init; } = [10_000, 1_000_000];
    public bool ReportOnly { get; init; }
    public string? Compare { get; init; }

    /// <summary>The whole-sync workload the report records: GET /emails at 20/min sets its pace.</summary>
    public static SyncWorkload Standard { get; } = new(Campaigns: 50, Leads: 300_000, Emails: 100_000, LatencyMs: 50);

    /// <summary>
    /// The same leads with 1,500 emails: 16 GET /emails pages fit in one minute's window, so the
    /// workspace's 100 requests/s set the pace.
    /// </summary>
    public static SyncWorkload FewEmails { get; } = Standard with { Emails = 1_500 };

    /// <summary>
    /// Each workspace of the several-workspaces part: 1,500 emails (16 GET /emails pages in one
    /// minute's window) so each workspace's 100 requests/s set its pace, not GET /emails.
    /// </summary>
    public static SyncWorkload SeveralWorkspaces { get; } = FewEmails with { Leads = 100_000 };

    /// <summary>The transform part's workspace: the standard leads, few emails, no added latency (only the sync before it waits on it).</summary>
    public static SyncWorkload TransformWorkload { get; } = FewEmails with { LatencyMs = 0 };

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            IReadOnlyList<int> Ints() => Value().Split(',').Select(v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToList();
            options = name switch
            {
                "--only" => options with { Parts = Value().Split(',').Select(p => p.Trim()).ToHashSet() },
                "--rows" => options with { Rows = Ints() },
                "--naive-sample" => options with { NaiveSample = Int() },
                "--repeat" => options with { Repeat = Int() },
                "--batch-size" => options with { BatchSize = Int() },
                "--campaigns" => options with { Sync = options.Sync with { Campaigns = Int() } },
                "--leads" => options with { Sync = options.Sync with { Leads = Int() } },
                "--emails" => options with { Sync = options.Sync with { Emails = Int() } },
                "--latency-ms" => options with { Sync = options.Sync with { LatencyMs = Int() } },
                "--workspace-leads" => options with { Workspaces = options.Workspaces with { Leads = Int() } },
                "--transform-leads" => options with { Transform = options.Transform with { Leads = Int() } },
                "--memory-leads" => options with { MemoryLeads = Ints() },
                "--report-only" => options with { ReportOnly = true },
                "--compare" => options with { Compare = Value() },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        var unknown = options.Parts.Except(AllParts).ToList();
        return unknown.Count > 0 ? throw new ArgumentException($"Unknown part(s): {string.Join(", ", unknown)}.") : options;
    }
}
