using InstantlySync.Configuration;

namespace InstantlySync.Tests.Configuration;

public sealed class PushSettingsTests : IDisposable
{
    private const string Smb = "8c46e0c9-c1f9-4201-a8d6-6221bafeada6";
    private const string Midsize = "5ffbe8c3-7c1f-4c1e-9a57-1d2a3b4c5d6e";

    private readonly string _directory = Directory.CreateTempSubdirectory("isync-push-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SettingsResult Load(string json, Dictionary<string, string?>? environment = null)
    {
        var path = Path.Combine(_directory, "push.json");
        File.WriteAllText(path, json);
        return SettingsLoader.Load(path, environment ?? [], SettingsOverrides.None, SettingsNeeds.None, _directory);
    }

    [Fact]
    public void Without_a_push_section_every_default_applies()
    {
        var result = Load("{}");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var push = result.Settings!.Workspaces.Single().Push;
        Assert.Equal("outreach.lead_pool", push.SourceView);
        Assert.Empty(push.Segments);
        Assert.Equal((100, 24_000, 90, 1_000, false, true),
            (push.NewLeadsPerRun, push.InventoryCap, push.CooldownDays, push.MaxDrainPerRun, push.DrainReplied, push.SyncBlockList));
    }

    [Fact]
    public void Segments_keep_their_order_and_an_omitted_where_takes_every_candidate()
    {
        var result = Load($$"""
            { "Push": { "Segments": [
                { "Name": "smb", "Campaign": "{{Smb}}", "Where": "revenue < 1000000" },
                { "Name": "midsize", "Campaign": "{{Midsize}}" } ],
              "NewLeadsPerRun": 250, "InventoryCap": 5000, "CooldownDays": 30, "MaxDrainPerRun": 10, "DrainReplied": true, "SyncBlockList": false } }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var push = result.Settings!.Workspaces.Single().Push;
        Assert.Equal([new PushSegment("smb", Smb, "revenue < 1000000"), new PushSegment("midsize", Midsize, null)], push.Segments);
        Assert.Equal((250, 5000, 30, 10, true, false),
            (push.NewLeadsPerRun, push.InventoryCap, push.CooldownDays, push.MaxDrainPerRun, push.DrainReplied, push.SyncBlockList));
    }

    [Fact]
    public void A_workspace_section_replaces_what_it_names_and_inherits_the_rest()
    {
        var result = Load($$"""
            { "Push": { "NewLeadsPerRun": 50, "Segments": [ { "Name": "all", "Campaign": "{{Smb}}" } ] },
              "Workspaces": [
                { "Name": "acme", "ApiKeyVariable": "KEY_ACME", "Push": { "SourceView": "acme.pool", "Segments": [ { "Name": "midsize", "Campaign": "{{Midsize}}" } ] } },
                { "Name": "globex", "ApiKeyVariable": "KEY_GLOBEX" } ] }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var acme = result.Settings!.Workspaces.Single(w => w.Name == "acme").Push;
        var globex = result.Settings.Workspaces.Single(w => w.Name == "globex").Push;
        Assert.Equal(("acme.pool", 50, "midsize"), (acme.SourceView, acme.NewLeadsPerRun, acme.Segments.Single().Name));
        Assert.Equal(("outreach.lead_pool", 50, "all"), (globex.SourceView, globex.NewLeadsPerRun, globex.Segments.Single().Name));
    }

    [Theory]
    [InlineData("""{ "Push": { "SourceView": "Lead Pool" } }""", "Push:SourceView must be a table or view")]
    [InlineData("""{ "Push": { "SourceView": "a.b.c" } }""", "Push:SourceView must be a table or view")]
    [InlineData("""{ "Push": { "Segments": [ { "Campaign": "8c46e0c9-c1f9-4201-a8d6-6221bafeada6" } ] } }""", "Push:Segments:0:Name is missing")]
    [InlineData("""{ "Push": { "Segments": [ { "Name": "smb", "Campaign": "smb-campaign" } ] } }""", "Push:Segments:0 (smb): Campaign must be the campaign's id")]
    [InlineData("""{ "Push": { "Segments": [ { "Name": "smb", "Campaign": "8c46e0c9-c1f9-4201-a8d6-6221bafeada6", "Where": "true; DELETE FROM dnc" } ] } }""", "Push:Segments:0 (smb): Where must be one SQL condition without ';'")]
    [InlineData("""{ "Push": { "Segments": [ { "Name": "smb", "Campaign": "8c46e0c9-c1f9-4201-a8d6-6221bafeada6", "Where": " " } ] } }""", "Push:Segments:0 (smb): Where is empty")]
    [InlineData("""{ "Push": { "Segments": [ { "Name": "a", "Campaign": "8c46e0c9-c1f9-4201-a8d6-6221bafeada6" }, { "Name": "A", "Campaign": "8c46e0c9-c1f9-4201-a8d6-6221bafeada6" } ] } }""", "Push:Segments:1 (A): the name is used twice")]
    [InlineData("""{ "Push": { "NewLeadsPerRun": 0 } }""", "Push:NewLeadsPerRun must be a whole number from 1 to 100000")]
    [InlineData("""{ "Push": { "CooldownDays": -1 } }""", "Push:CooldownDays must be a whole number from 0 to 3650")]
    [InlineData("""{ "Push": { "DrainReplied": "sometimes" } }""", "Push:DrainReplied must be true or false")]
    [InlineData("""{ "Push": { "CooldownDay": 30 } }""", "Unknown setting 'Push:CooldownDay' (did you mean 'Push:CooldownDays'?)")]
    public void Bad_push_settings_are_named_in_one_line_each(string json, string error)
    {
        var result = Load(json);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith(error, StringComparison.Ordinal));
    }
}
