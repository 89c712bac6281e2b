using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace InstantlySync.Configuration;

/// <summary>What a command needs besides the settings file.</summary>
[Flags]
internal enum SettingsNeeds
{
    None = 0,
    ApiKey = 1,
    Database = 2,
}

internal sealed record SettingsResult(Settings? Settings, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0 && Settings is not null;
}

/// <summary>
/// Layers appsettings.json &lt; environment &lt; flags, then validates every value and reports
/// every problem at once. Secrets come only from INSTANTLY_API_KEY and DATABASE_URL.
/// </summary>
internal static class SettingsLoader
{
    public const string EnvironmentPrefix = "INSTANTLY_SYNC__";
    public const string ApiKeyVariable = "INSTANTLY_API_KEY";
    public const string DatabaseUrlVariable = "DATABASE_URL";
    public const string FileName = "appsettings.json";

    public static SettingsResult Load(
        string? configFile,
        IReadOnlyDictionary<string, string?> environment,
        SettingsOverrides overrides,
        SettingsNeeds needs,
        string? workingDirectory = null,
        IReadOnlyCollection<string>? keysFor = null)
    {
        var errors = new List<string>();
        var builder = new ConfigurationBuilder();

        foreach (var file in SettingsFiles(configFile, workingDirectory ?? Environment.CurrentDirectory, errors))
        {
            if (TryValidateJson(file, errors))
            {
                builder.AddJsonFile(file, optional: false, reloadOnChange: false);
            }
        }

        builder.AddInMemoryCollection(environment
            .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(e => new KeyValuePair<string, string?>(
                e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)));

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            errors.Add($"Settings could not be read: {ex.Message}");
            return new SettingsResult(null, errors);
        }

        var reader = new SettingsReader(configuration, overrides, errors);
        reader.ReportUnknownKeys();
        var settings = reader.Read();

        var apiKey = Value(environment, ApiKeyVariable) is { } admin && !string.IsNullOrWhiteSpace(admin) ? admin.Trim() : null;
        var workspaces = settings.Workspaces.Select(w => w with { ApiKey = KeyOf(w, environment, apiKey) }).ToList();
        if (needs.HasFlag(SettingsNeeds.ApiKey))
        {
            // A run of some workspaces (one job of a matrix) needs only their keys.
            ReportMissingKeys(keysFor is null ? workspaces : workspaces.Where(w => keysFor.Contains(w.Name)).ToList(), apiKey is not null, errors);
        }

        string? connectionString = null;
        var databaseUrl = Value(environment, DatabaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(databaseUrl))
        {
            if (DatabaseUrl.TryParse(databaseUrl, out var parsed, out var error))
            {
                connectionString = parsed;
            }
            else
            {
                errors.Add(error);
            }
        }
        else if (needs.HasFlag(SettingsNeeds.Database))
        {
            errors.Add($"{DatabaseUrlVariable} is not set (a postgres://user:password@host:port/database URL or an Npgsql connection string)");
        }

        return new SettingsResult(
            settings with { ApiKey = apiKey, ConnectionString = connectionString, Workspaces = workspaces },
            errors);
    }

    /// <summary>A workspace's key: from its own variable, else (default workspace, sub-workspaces) <c>INSTANTLY_API_KEY</c>.</summary>
    private static string? KeyOf(WorkspaceSettings workspace, IReadOnlyDictionary<string, string?> environment, string? adminKey)
        => workspace.ApiKeyVariable is { } variable
            ? Value(environment, variable) is { } key && !string.IsNullOrWhiteSpace(key) ? key.Trim() : null
            : adminKey;

    private static void ReportMissingKeys(IReadOnlyList<WorkspaceSettings> workspaces, bool adminKeySet, List<string> errors)
    {
        const string CreateOne = "create a key under Instantly Settings > Integrations > API Keys";
        if (workspaces is [{ Name: WorkspaceSettings.DefaultName, ApiKeyVariable: null, SubWorkspaceId: null }] && !adminKeySet)
        {
            errors.Add($"{ApiKeyVariable} is not set ({CreateOne})");
            return;
        }

        foreach (var workspace in workspaces.Where(w => w.ApiKey is null))
        {
            errors.Add(workspace.SubWorkspaceId is not null
                ? $"Workspace {workspace.Name} is a sub-workspace: it is reached with the admin key in {ApiKeyVariable}, which is not set"
                : $"Workspace {workspace.Name}: {workspace.KeySource} is not set ({CreateOne} of that workspace)");
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string?> environment, string name)
        => environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>An explicit --config file must exist; otherwise the file beside the binary, overridden by one in the working directory.</summary>
    private static IEnumerable<string> SettingsFiles(string? configFile, string workingDirectory, List<string> errors)
    {
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile, workingDirectory);
            if (File.Exists(full))
            {
                yield return full;
            }
            else
            {
                errors.Add($"Settings file not found: {configFile}");
            }

            yield break;
        }

        var besideBinary = Path.Combine(AppContext.BaseDirectory, FileName);
        var inWorkingDirectory = Path.GetFullPath(Path.Combine(workingDirectory, FileName));
        if (File.Exists(besideBinary))
        {
            yield return besideBinary;
        }

        if (File.Exists(inWorkingDirectory) && !string.Equals(inWorkingDirectory, besideBinary, StringComparison.Ordinal))
        {
            yield return inWorkingDirectory;
        }
    }

    // The JSON provider's own message on bad JSON is long and multi-line; this one names file, line and column.
    private static bool TryValidateJson(string file, List<string> errors)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"Settings file {file} must contain a JSON object");
                return false;
            }

            return true;
        }
        catch (JsonException ex)
        {
            errors.Add($"Settings file {file} is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})");
            return false;
        }
    }
}
