using System.Globalization;

namespace InstantlySync.FakeApi;

/// <summary>The process's flags, parsed by hand: a handful of <c>--name value</c> pairs and switches.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: InstantlySync.FakeApi [options]
          --port N              TCP port on 127.0.0.1 (0 = any free port; default 5055)
          --seed N              workspace seed (default 7)
          --campaigns N         campaigns (default 8)
          --accounts N          sending accounts (default 12)
          --leads N             leads (default 2000)
          --emails N            Unibox emails in the history (default 3000)
          --days N              days of history (default 60)
          --now ISO             business clock start (default: now - 1 day, whole hour)
          --api-key KEY         accepted Bearer key (default test-key)
          --latency-ms N        latency added to every API response
          --error-rate R        share (0-1) of API requests answered with 500/502/503
          --retry-after         send Retry-After on 429
          --no-rate-limits      turn the rate limits off
          --last-page-no-cursor leave the cursor off a short last page
        """;

    public static FakeOptions Parse(string[] args)
    {
        var options = new FakeOptions { Port = 5055 };
        var faults = options.Faults;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (name)
            {
                case "--port": options = options with { Port = Int() }; break;
                case "--seed": options = options with { Seed = Int() }; break;
                case "--campaigns": options = options with { Campaigns = Int() }; break;
                case "--accounts": options = options with { Accounts = Int() }; break;
                case "--leads": options = options with { Leads = Int() }; break;
                case "--emails": options = options with { Emails = Int() }; break;
                case "--days": options = options with { Days = Int() }; break;
                case "--now": options = options with { Now = DateTimeOffset.Parse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) }; break;
                case "--api-key": options = options with { ApiKey = Value() }; break;
                case "--latency-ms": faults = faults with { LatencyMs = Int() }; break;
                case "--error-rate": faults = faults with { ErrorRate = double.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--retry-after": faults = faults with { RetryAfter = true }; break;
                case "--no-rate-limits": faults = faults with { RateLimits = false }; break;
                case "--last-page-no-cursor": faults = faults with { CursorOnLastPage = false }; break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return options with { Faults = faults };
    }
}
