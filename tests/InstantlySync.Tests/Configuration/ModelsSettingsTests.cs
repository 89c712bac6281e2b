using InstantlySync.Configuration;

namespace InstantlySync.Tests.Configuration;

public sealed class ModelsSettingsTests
{
    [Theory]
    [InlineData("outreach", null)]
    [InlineData("crm_2024", null)]
    [InlineData("_staging", null)]
    [InlineData("Outreach", "must be a lower-case identifier")]
    [InlineData("out-reach", "must be a lower-case identifier")]
    [InlineData("outreach; DROP TABLE x", "must be a lower-case identifier")]
    [InlineData("2024", "must be a lower-case identifier")]
    [InlineData("", "must be a lower-case identifier")]
    [InlineData("public", "needs a schema of its own")]
    [InlineData("instantly_sync", "needs a schema of its own")]
    [InlineData("pg_catalog", "needs a schema of its own")]
    public void A_models_schema_is_a_plain_identifier_of_its_own(string schema, string? problem)
    {
        var error = ModelsSettings.SchemaError(schema);

        if (problem is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(problem, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_schema_and_auto_transform_come_from_settings_with_defaults()
    {
        var defaults = SettingsLoader.Load(null, new Dictionary<string, string?>(), SettingsOverrides.None, SettingsNeeds.None, Path.GetTempPath());
        var environment = new Dictionary<string, string?>
        {
            ["INSTANTLY_SYNC__Models__Schema"] = "crm",
            ["INSTANTLY_SYNC__Models__AutoTransform"] = "false",
        };
        var set = SettingsLoader.Load(null, environment, SettingsOverrides.None, SettingsNeeds.None, Path.GetTempPath());
        var bad = SettingsLoader.Load(null, new Dictionary<string, string?> { ["INSTANTLY_SYNC__Models__Schema"] = "a b" },
            SettingsOverrides.None, SettingsNeeds.None, Path.GetTempPath());

        Assert.Equal("outreach", defaults.Settings!.Models.Schema);
        Assert.True(defaults.Settings.Models.AutoTransform);
        Assert.True(set.IsValid, string.Join("; ", set.Errors));
        Assert.Equal("crm", set.Settings!.Models.Schema);
        Assert.False(set.Settings.Models.AutoTransform);
        Assert.Contains(bad.Errors, e => e.StartsWith("Models:Schema must be", StringComparison.Ordinal));
    }
}
