using Microsoft.Extensions.Configuration;

namespace InstantlySync.Configuration;

/// <summary>Reads and range-checks each known setting, collecting every problem instead of stopping at the first.</summary>
internal sealed partial class SettingsReader(IConfiguration configuration, SettingsOverrides overrides, List<string> errors)
{
    private static readonly string[] KnownKeys =
    [
        "Instantly:BaseUrl", "Instantly:PageSize", "Instantly:RequestsPerSecond", "Instantly:RequestsPerMinute",
        "Instantly:EmailsRequestsPerMinute", "Instantly:TimeoutSeconds", "Instantly:MaxRetries",
        "Sync:BatchSize", "Sync:AnalyticsLookbackDays", "Sync:EmailsOverlapMinutes", "Sync:InitialWindowDays", "Sync:AutoMigrate", "Sync:MaxDuration", "Sync:WorkspaceConcurrency",
        "Logging:Directory", "Logging:RetainedDays",
        "Models:Schema", "Models:AutoTransform",
        "Push:SourceView", "Push:NewLeadsPerRun", "Push:InventoryCap", "Push:CooldownDays", "Push:MaxDrainPerRun", "Push:DrainReplied", "Push:SyncBlockList",
    ];

    public Settings Read()
    {
        var instantlyDefaults = new InstantlySettings();
        var syncDefaults = new SyncSettings();
        var loggingDefaults = new LoggingSettings();
        var models = Models();
        var push = Push(models);

        return new Settings
        {
            Instantly = new InstantlySettings
            {
                BaseUrl = Url("Instantly:BaseUrl", instantlyDefaults.BaseUrl),
                PageSize = Int("Instantly:PageSize", instantlyDefaults.PageSize, 1, 100),
                RequestsPerSecond = Int("Instantly:RequestsPerSecond", instantlyDefaults.RequestsPerSecond, 1, 100),
                RequestsPerMinute = Int("Instantly:RequestsPerMinute", instantlyDefaults.RequestsPerMinute, 1, 6000),
                // Instantly publishes 20/min; higher values exist for local fakes and mirrors that allow more.
                EmailsRequestsPerMinute = Int("Instantly:EmailsRequestsPerMinute", instantlyDefaults.EmailsRequestsPerMinute, 1, 6000),
                TimeoutSeconds = Int("Instantly:TimeoutSeconds", instantlyDefaults.TimeoutSeconds, 1, 600),
                MaxRetries = Int("Instantly:MaxRetries", instantlyDefaults.MaxRetries, 0, 20),
            },
            Sync = new SyncSettings
            {
                // A flag replaces the setting outright, so a bad value it overrides is not reported.
                BatchSize = overrides.BatchSize ?? Int("Sync:BatchSize", syncDefaults.BatchSize, 1, SyncSettings.MaxBatchSize),
                AnalyticsLookbackDays = Int("Sync:AnalyticsLookbackDays", syncDefaults.AnalyticsLookbackDays, 0, 365),
                EmailsOverlapMinutes = Int("Sync:EmailsOverlapMinutes", syncDefaults.EmailsOverlapMinutes, 0, 1440),
                InitialWindowDays = Int("Sync:InitialWindowDays", syncDefaults.InitialWindowDays, 1, 3650),
                AutoMigrate = Bool("Sync:AutoMigrate", syncDefaults.AutoMigrate),
                MaxDuration = overrides.MaxDuration ?? Duration("Sync:MaxDuration"),
                WorkspaceConcurrency = Int("Sync:WorkspaceConcurrency", syncDefaults.WorkspaceConcurrency, 1, 32),
            },
            Logging = new LoggingSettings
            {
                Directory = Text("Logging:Directory", loggingDefaults.Directory),
                RetainedDays = Int("Logging:RetainedDays", loggingDefaults.RetainedDays, 1, 3650),
            },
            Models = models,
            Workspaces = WithPush(Workspaces(), push),
            Push = push,
        };
    }

    private ModelsSettings Models()
    {
        var defaults = new ModelsSettings();
        var schema = Text("Models:Schema", defaults.Schema);
        if (ModelsSettings.SchemaError(schema) is { } schemaError)
        {
            errors.Add(schemaError);
            schema = defaults.Schema;
        }

        return new ModelsSettings { Schema = schema, AutoTransform = Bool("Models:AutoTransform", defaults.AutoTransform) };
    }

    /// <summary>
    /// The <c>Workspaces</c> list, each entry checked on its own (the keys behind the variables
    /// are checked by the loader, which sees the environment). Without the section: <c>default</c>.
    /// </summary>
    private List<WorkspaceSettings> Workspaces()
    {
        var entries = configuration.GetSection("Workspaces").GetChildren()
            .OrderBy(e => int.TryParse(e.Key, out var index) ? index : int.MaxValue)
            .ToList();
        if (entries.Count == 0)
        {
            return [new WorkspaceSettings(WorkspaceSettings.DefaultName)];
        }

        var workspaces = new List<WorkspaceSettings>();
        foreach (var entry in entries)
        {
            var where = $"Workspaces:{entry.Key}";
            var name = entry["Name"]?.Trim();
            var variable = Blank(entry["ApiKeyVariable"]);
            var subWorkspace = Blank(entry["SubWorkspaceId"]);
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"{where}:Name is missing");
                continue;
            }

            where = $"{where} ({name})";
            if (!WorkspaceSettings.IsValidName(name))
            {
                errors.Add($"{where}: the name may hold only lower-case letters, digits, '-' and '_' (at most 63)");
            }
            else if (workspaces.Any(w => w.Name == name))
            {
                errors.Add($"{where}: the name is used twice; each workspace needs its own");
            }

            if ((variable is null) == (subWorkspace is null))
            {
                errors.Add($"{where}: give either ApiKeyVariable (the variable holding its key) or SubWorkspaceId (reached with the admin key), not {(variable is null ? "neither" : "both")}");
            }
            else if (variable is not null && !WorkspaceSettings.IsValidVariable(variable))
            {
                errors.Add($"{where}: ApiKeyVariable must be the name of an environment variable, such as INSTANTLY_API_KEY_ACME (got '{variable}')");
            }
            else if (subWorkspace is not null && !Guid.TryParse(subWorkspace, out _))
            {
                errors.Add($"{where}: SubWorkspaceId must be the sub-workspace's id, a UUID (got '{subWorkspace}')");
            }

            workspaces.Add(new WorkspaceSettings(name, variable, subWorkspace));
        }

        return workspaces;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void ReportUnknownKeys()
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || WorkspaceKey().IsMatch(key) || PushKey().IsMatch(key))
            {
                continue;
            }

            var hint = KnownKeys.MinBy(k => Distance(k.ToLowerInvariant(), key.ToLowerInvariant()));
            errors.Add(hint is not null && Distance(hint.ToLowerInvariant(), key.ToLowerInvariant()) <= 3
                ? $"Unknown setting '{key}' (did you mean '{hint}'?)"
                : $"Unknown setting '{key}'");
        }
    }

    private int Int(string key, int fallback, int min, int max)
    {
        var raw = configuration[key];
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw.Trim(), out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{key} must be a whole number from {min} to {max} (got '{raw}')");
        return fallback;
    }

    private bool Bool(string key, bool fallback)
    {
        var raw = configuration[key];
        if (raw is null)
        {
            return fallback;
        }

        if (bool.TryParse(raw.Trim(), out var value))
        {
            return value;
        }

        errors.Add($"{key} must be true or false (got '{raw}')");
        return fallback;
    }

    private TimeSpan? Duration(string key)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            // Empty means no budget, so a workflow can pass an unset variable through.
            return null;
        }

        if (Durations.TryParse(raw, out var value))
        {
            return value;
        }

        errors.Add($"{key} must be a duration such as {Durations.Examples}, at most {Durations.Format(Durations.Longest)} (got '{raw}')");
        return null;
    }

    private string Text(string key, string fallback)
    {
        var raw = configuration[key];
        if (raw is null)
        {
            return fallback;
        }

        if (raw.Trim().Length > 0)
        {
            return raw.Trim();
        }

        errors.Add($"{key} must not be empty");
        return fallback;
    }

    private string Url(string key, string fallback)
    {
        var raw = Text(key, fallback);
        if (Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return raw.TrimEnd('/');
        }

        errors.Add($"{key} must be an absolute http(s) URL (got '{raw}')");
        return fallback;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Workspaces:[0-9]+:(Name|ApiKeyVariable|SubWorkspaceId)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex WorkspaceKey();

    // Levenshtein distance, for "did you mean" hints on misspelt keys.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
