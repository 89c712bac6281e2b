using System.Globalization;

namespace InstantlySync.FakeApi;

/// <summary>
/// The process's flags, parsed by hand: a handful of <c>--name value</c> pairs and switches. The
/// flags describe one workspace, or the defaults every <c>--workspace</c> and
/// <c>--sub-workspace</c> starts from.
/// </summary>
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
          --api-key KEY         accepted Bearer key (default test-key; one workspace only)
          --latency-ms N        latency added to every API response
          --error-rate R        share (0-1) of API requests answered with 500/502/503
          --retry-after         send Retry-After on 429
          --no-rate-limits      turn the rate limits off
          --last-page-no-cursor leave the cursor off a short last page

        Several workspaces (repeat; the flags above are every workspace's defaults):
          --workspace name=acme,key=acme-key[,id=UUID,seed=N,campaigns=N,accounts=N,leads=N,emails=N,days=N]
          --sub-workspace name=initech,admin=acme[,id=UUID,seed=N,...]
                                reached with the admin's key and x-as-workspace: <its id>
        """;

    public static IReadOnlyList<FakeOptions> Parse(string[] args)
    {
        var defaults = new FakeOptions { Port = 5055 };
        var faults = defaults.Faults;
        var apiKeyGiven = false;
        var workspaces = new List<(string Spec, bool Sub)>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => Number(Value());
            switch (name)
            {
                case "--port": defaults = defaults with { Port = Int() }; break;
                case "--seed": defaults = defaults with { Seed = Int() }; break;
                case "--campaigns": defaults = defaults with { Campaigns = Int() }; break;
                case "--accounts": defaults = defaults with { Accounts = Int() }; break;
                case "--leads": defaults = defaults with { Leads = Int() }; break;
                case "--emails": defaults = defaults with { Emails = Int() }; break;
                case "--days": defaults = defaults with { Days = Int() }; break;
                case "--now": defaults = defaults with { Now = DateTimeOffset.Parse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) }; break;
                case "--api-key": defaults = defaults with { ApiKey = Value() }; apiKeyGiven = true; break;
                case "--latency-ms": faults = faults with { LatencyMs = Int() }; break;
                case "--error-rate": faults = faults with { ErrorRate = double.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--retry-after": faults = faults with { RetryAfter = true }; break;
                case "--no-rate-limits": faults = faults with { RateLimits = false }; break;
                case "--last-page-no-cursor": faults = faults with { CursorOnLastPage = false }; break;
                case "--workspace": workspaces.Add((Value(), false)); break;
                case "--sub-workspace": workspaces.Add((Value(), true)); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        defaults = defaults with { Faults = faults };
        if (workspaces.Count == 0)
        {
            return [defaults];
        }

        if (apiKeyGiven)
        {
            throw new ArgumentException("With --workspace, give each workspace its key as key=...; --api-key is for a single workspace.");
        }

        // The port belongs to the process: the first workspace carries it.
        return [.. workspaces.Select((w, index) => Workspace(w.Spec, w.Sub, defaults with { Port = index == 0 ? defaults.Port : 0 }))];
    }

    /// <summary>One <c>name=value,…</c> list on top of the defaults.</summary>
    private static FakeOptions Workspace(string spec, bool sub, FakeOptions options)
    {
        var flag = sub ? "--sub-workspace" : "--workspace";
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[1].Length == 0)
            {
                throw new ArgumentException($"{flag} {spec}: '{pair}' is not name=value.");
            }

            var (key, value) = (parts[0], parts[1]);
            given.Add(key);
            options = (key, sub) switch
            {
                ("name", _) => options with { Name = value },
                ("key", false) => options with { ApiKey = value },
                ("admin", true) => options with { SubWorkspaceOf = value },
                ("id", _) => options with { WorkspaceId = value },
                ("seed", _) => options with { Seed = Number(value) },
                ("campaigns", _) => options with { Campaigns = Number(value) },
                ("accounts", _) => options with { Accounts = Number(value) },
                ("leads", _) => options with { Leads = Number(value) },
                ("emails", _) => options with { Emails = Number(value) },
                ("days", _) => options with { Days = Number(value) },
                _ => throw new ArgumentException($"{flag} {spec}: unknown setting '{key}'."),
            };
        }

        string[] required = sub ? ["name", "admin"] : ["name", "key"];
        if (required.FirstOrDefault(r => !given.Contains(r)) is { } missing)
        {
            throw new ArgumentException($"{flag} {spec}: {missing}= is required.");
        }

        return options;
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
