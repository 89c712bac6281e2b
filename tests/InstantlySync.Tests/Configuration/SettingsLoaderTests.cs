using InstantlySync.Configuration;

namespace InstantlySync.Tests.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("isync-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteSettings(string json)
    {
        var path = Path.Combine(_directory, "custom.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static readonly SettingsOverrides NoFlags = SettingsOverrides.None;

    [Fact]
    public void The_file_is_overridden_by_the_environment_which_is_overridden_by_flags()
    {
        var file = WriteSettings("""{ "Sync": { "BatchSize": 100, "InitialWindowDays": 30, "AnalyticsLookbackDays": 3 } }""");
        var environment = new Dictionary<string, string?>
        {
            ["INSTANTLY_SYNC__Sync__BatchSize"] = "200",
            ["INSTANTLY_SYNC__Sync__InitialWindowDays"] = "45",
        };
        var flags = new SettingsOverrides(BatchSize: 300);

        var result = SettingsLoader.Load(file, environment, flags, SettingsNeeds.None, _directory);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(300, result.Settings!.Sync.BatchSize);
        Assert.Equal(45, result.Settings.Sync.InitialWindowDays);
        Assert.Equal(3, result.Settings.Sync.AnalyticsLookbackDays);
        Assert.Equal(20, result.Settings.Instantly.EmailsRequestsPerMinute);
    }

    [Fact]
    public void A_settings_file_in_the_working_directory_is_read_when_no_file_is_named()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "Logging": { "Directory": "custom-logs" } }""");

        var result = SettingsLoader.Load(null, new Dictionary<string, string?>(), NoFlags, SettingsNeeds.None, _directory);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("custom-logs", result.Settings!.Logging.Directory);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var file = WriteSettings("""{ "Instantly": { "PageSize": 500, "BaseUrl": "not a url" }, "Sync": { "BatchSize": "many", "AutoMigrate": "perhaps" }, "Sink": { "BatchSize": 1 } }""");
        var environment = new Dictionary<string, string?> { ["INSTANTLY_SYNC__Logging__RetainedDays"] = "0" };

        var result = SettingsLoader.Load(file, environment, NoFlags, SettingsNeeds.ApiKey | SettingsNeeds.Database, _directory);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("Instantly:PageSize", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Instantly:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Sync:BatchSize", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Sync:AutoMigrate", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Logging:RetainedDays", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("'Sink:BatchSize'", StringComparison.Ordinal) && e.Contains("did you mean 'Sync:BatchSize'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("INSTANTLY_API_KEY", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("DATABASE_URL", StringComparison.Ordinal));
        Assert.Equal(8, result.Errors.Count);
    }

    [Fact]
    public void The_time_budget_comes_from_the_settings_unless_the_flag_gives_one()
    {
        var file = WriteSettings("""{ "Sync": { "MaxDuration": "5h" } }""");

        var fromFile = SettingsLoader.Load(file, new Dictionary<string, string?>(), NoFlags, SettingsNeeds.None, _directory);
        var fromFlag = SettingsLoader.Load(file, new Dictionary<string, string?>(), new SettingsOverrides(MaxDuration: TimeSpan.FromMinutes(40)), SettingsNeeds.None, _directory);
        var none = SettingsLoader.Load(null, new Dictionary<string, string?> { ["INSTANTLY_SYNC__Sync__MaxDuration"] = "" }, NoFlags, SettingsNeeds.None, _directory);

        Assert.Equal(TimeSpan.FromHours(5), fromFile.Settings!.Sync.MaxDuration);
        Assert.Equal(TimeSpan.FromMinutes(40), fromFlag.Settings!.Sync.MaxDuration);
        Assert.True(none.IsValid, string.Join("; ", none.Errors));
        Assert.Null(none.Settings!.Sync.MaxDuration);
    }

    [Theory]
    [InlineData("5 hours")]
    [InlineData("0m")]
    [InlineData("2d")]
    public void An_invalid_time_budget_setting_is_a_configuration_error(string value)
    {
        var environment = new Dictionary<string, string?> { ["INSTANTLY_SYNC__Sync__MaxDuration"] = value };

        var result = SettingsLoader.Load(null, environment, NoFlags, SettingsNeeds.None, _directory);

        Assert.False(result.IsValid);
        Assert.Equal($"Sync:MaxDuration must be a duration such as 40s, 45m or 2h, at most 168h (got '{value}')", Assert.Single(result.Errors));
    }

    [Fact]
    public void Without_a_workspaces_section_there_is_one_workspace_named_default_on_the_api_key()
    {
        var environment = new Dictionary<string, string?> { ["INSTANTLY_API_KEY"] = "key-1" };

        var result = SettingsLoader.Load(null, environment, NoFlags, SettingsNeeds.ApiKey, _directory);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var workspace = Assert.Single(result.Settings!.Workspaces);
        Assert.Equal(("default", "key-1", null), (workspace.Name, workspace.ApiKey, workspace.SubWorkspaceId));
    }

    [Fact]
    public void Workspaces_take_their_keys_from_their_variables_and_sub_workspaces_the_admin_key()
    {
        var file = WriteSettings("""
            { "Workspaces": [
                { "Name": "acme", "ApiKeyVariable": "KEY_ACME" },
                { "Name": "initech", "SubWorkspaceId": "5b9d2c1e-0f7a-4c3e-9d1b-2a6f8e4c7b10" } ] }
            """);
        var environment = new Dictionary<string, string?>
        {
            ["KEY_ACME"] = "acme-key",
            ["INSTANTLY_API_KEY"] = "admin-key",
            ["INSTANTLY_SYNC__Workspaces__2__Name"] = "globex",
            ["INSTANTLY_SYNC__Workspaces__2__ApiKeyVariable"] = "KEY_GLOBEX",
            ["KEY_GLOBEX"] = "globex-key",
        };

        var result = SettingsLoader.Load(file, environment, NoFlags, SettingsNeeds.ApiKey, _directory);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(
            [("acme", "acme-key", null), ("initech", "admin-key", "5b9d2c1e-0f7a-4c3e-9d1b-2a6f8e4c7b10"), ("globex", "globex-key", null)],
            result.Settings!.Workspaces.Select(w => (w.Name, w.ApiKey, w.SubWorkspaceId)));
    }

    [Fact]
    public void Every_workspace_problem_is_reported_at_once()
    {
        var file = WriteSettings("""
            { "Workspaces": [
                { "Name": "acme", "ApiKeyVariable": "KEY_ACME" },
                { "Name": "acme", "ApiKeyVariable": "KEY_ACME_2" },
                { "Name": "Big Client", "ApiKeyVariable": "KEY_BIG" },
                { "Name": "both", "ApiKeyVariable": "KEY_BOTH", "SubWorkspaceId": "5b9d2c1e-0f7a-4c3e-9d1b-2a6f8e4c7b10" },
                { "Name": "sub", "SubWorkspaceId": "not-a-uuid" },
                { "Name": "child", "SubWorkspaceId": "5b9d2c1e-0f7a-4c3e-9d1b-2a6f8e4c7b11" },
                { "ApiKeyVariable": "KEY_NAMELESS" } ] }
            """);
        var environment = new Dictionary<string, string?> { ["KEY_ACME"] = "acme-key", ["KEY_ACME_2"] = "k", ["KEY_BIG"] = "k", ["KEY_BOTH"] = "k" };

        var result = SettingsLoader.Load(file, environment, NoFlags, SettingsNeeds.ApiKey, _directory);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Contains("(acme): the name is used twice", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("(Big Client): the name may hold only lower-case letters", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("(both): give either ApiKeyVariable", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("(sub): SubWorkspaceId must be the sub-workspace's id", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e == "Workspaces:6:Name is missing");
        Assert.Contains(result.Errors, e => e.StartsWith("Workspace child is a sub-workspace: it is reached with the admin key in INSTANTLY_API_KEY, which is not set", StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.DoesNotContain("acme-key", e, StringComparison.Ordinal));
    }

    [Fact]
    public void A_workspace_whose_key_variable_is_not_set_is_named_with_the_variable()
    {
        var environment = new Dictionary<string, string?>
        {
            ["INSTANTLY_SYNC__Workspaces__0__Name"] = "acme",
            ["INSTANTLY_SYNC__Workspaces__0__ApiKeyVariable"] = "KEY_ACME",
        };

        var result = SettingsLoader.Load(null, environment, NoFlags, SettingsNeeds.ApiKey, _directory);

        Assert.StartsWith("Workspace acme: KEY_ACME is not set", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_names_the_file_and_line()
    {
        var file = WriteSettings("{\n  \"Sync\": { \"BatchSize\": 10,, }\n}");

        var result = SettingsLoader.Load(file, new Dictionary<string, string?>(), NoFlags, SettingsNeeds.None, _directory);

        var error = Assert.Single(result.Errors);
        Assert.Contains("custom.json", error, StringComparison.Ordinal);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_settings_file_that_does_not_exist_is_an_error()
    {
        var result = SettingsLoader.Load("missing.json", new Dictionary<string, string?>(), NoFlags, SettingsNeeds.None, _directory);

        Assert.Contains("Settings file not found: missing.json", result.Errors);
    }

    [Fact]
    public void Secrets_come_from_the_environment_and_the_database_url_becomes_a_connection_string()
    {
        var environment = new Dictionary<string, string?>
        {
            ["INSTANTLY_API_KEY"] = "  key-123  ",
            ["DATABASE_URL"] = "postgres://u:p@h:5433/d",
        };

        var result = SettingsLoader.Load(null, environment, NoFlags, SettingsNeeds.ApiKey | SettingsNeeds.Database, _directory);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("key-123", result.Settings!.ApiKey);
        Assert.Contains("Port=5433", result.Settings.ConnectionString, StringComparison.Ordinal);
    }
}
