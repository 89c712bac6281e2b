using System.Text.Json;
using Dapper;
using InstantlySync.Cli;
using InstantlySync.Configuration;
using InstantlySync.Push;

namespace InstantlySync.IntegrationTests.Push;

/// <summary>
/// README, "Keeping campaigns stocked: push": <c>push --dry-run</c> against the fake and a real
/// database. The pool holds new people for two segments and one of every kind the top-up must
/// leave out; the plan names exactly the leads it would add and drain, and writes nothing.
/// </summary>
public sealed class PushPlanTests : PushTest
{
    private PushSettings Settings(int newLeadsPerRun = 100) => new()
    {
        Segments = [new PushSegment("smb", Smb, "revenue < 1000000"), new PushSegment("midsize", Midsize, "revenue >= 1000000")],
        NewLeadsPerRun = newLeadsPerRun,
    };

    [Fact]
    public async Task The_pool_yields_exactly_the_new_people_per_segment_in_the_views_order_and_counts_every_exclusion()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var source = new PushSource("outreach.lead_pool", Ordered: true);

        var pool = await LeadPool.ReadAsync(connection, "outreach", source, Settings(), WorkspaceId, liveEmails: [], wanted: 100, CancellationToken.None);

        Assert.Equal(
            [("ann@small.example", 0), ("bob@big.example", 1), ("cat@small.example", 0), ("dan@big.example", 1), ("old@cooled.example", 0)],
            pool.First.Select(c => (c.Email, c.Segment)).ToList());
        Assert.Equal(5, pool.EligibleCount);
        Assert.Equal(new Dictionary<string, int>
        {
            ["invalid_email"] = 2, ["no_segment"] = 1, ["dnc_email"] = 1, ["dnc_domain"] = 1,
            ["cooldown"] = 1, ["in_campaign"] = 2, ["rejected"] = 0, ["duplicate"] = 1,
        }, pool.Excluded);

        // The lead as POST /leads/add takes it: the known fields, every other non-NULL column a custom variable.
        var ann = JsonDocument.Parse(pool.First[0].LeadJson).RootElement;
        Assert.Equal("ann@small.example", ann.GetProperty("email").GetString());
        Assert.Equal(("Ann", "Small BV"), (ann.GetProperty("first_name").GetString(), ann.GetProperty("company_name").GetString()));
        var variables = ann.GetProperty("custom_variables");
        Assert.Equal(["city", "ord", "revenue", "tags"], variables.EnumerateObject().Select(p => p.Name).Order().ToList());
        Assert.Equal("[\"a\", \"b\"]", variables.GetProperty("tags").GetString());
        Assert.False(JsonDocument.Parse(pool.First[2].LeadJson).RootElement.TryGetProperty("company_name", out _));
    }

    [Fact]
    public async Task Emails_live_in_a_segment_campaign_are_left_out_and_the_headroom_takes_the_first()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var source = new PushSource("outreach.lead_pool", Ordered: false);

        var pool = await LeadPool.ReadAsync(connection, "outreach", source, Settings(), WorkspaceId, liveEmails: ["cat@small.example"], wanted: 2, CancellationToken.None);

        // Without an ORDER BY in the view: by email.
        Assert.Equal(["ann@small.example", "bob@big.example"], pool.First.Select(c => c.Email).ToList());
        Assert.Equal(4, pool.EligibleCount);
        Assert.Equal(3, pool.Excluded["in_campaign"]);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_writes_nothing()
    {
        var expectedDrains = DrainableLeads();
        var before = await FingerprintAsync();
        var requestsBefore = Harness.Fake.Stats.Requests;

        var run = await Harness.RunAsync(["push", "--dry-run"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        Assert.Equal(before, await FingerprintAsync());
        Assert.True(Harness.Fake.Stats.Requests > requestsBefore);
        Assert.Equal((0L, 0L, 0L), (Harness.Fake.Stats.RequestsTo("/api/v2/leads/add"), Harness.Fake.Stats.RequestsTo("/api/v2/leads"),
            Harness.Fake.Stats.RequestsTo("/api/v2/block-lists-entries/bulk-create")));
        Assert.Contains($"drain: {expectedDrains.Count} lead(s) to delete", run.Out, StringComparison.Ordinal);
        Assert.Contains("5 eligible, 5 to add", run.Out, StringComparison.Ordinal);
        Assert.Contains("excluded: invalid_email 2, no_segment 1, dnc_email 1, dnc_domain 1, cooldown 1, in_campaign 2, rejected 0, duplicate 1", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 DNC entries to add to Instantly's block list", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limits_bind_the_additions_in_turn()
    {
        var limited = await Harness.RunAsync(["push", "--dry-run", "--phases", "topup", "--limit", "3"]);
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__NewLeadsPerRun"] = "2";
        var perRun = await Harness.RunAsync(["push", "--dry-run", "--phases", "topup"]);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var live = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM instantly_leads_raw WHERE instantly_campaign_id IN (@Smb, @Midsize)", new { Smb, Midsize });
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__NewLeadsPerRun"] = "100";
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Push__InventoryCap"] = (live + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var capped = await Harness.RunAsync(["push", "--dry-run", "--phases", "topup"]);

        Assert.Contains("5 eligible, 3 to add", limited.Out, StringComparison.Ordinal);
        Assert.Contains("5 eligible, 2 to add", perRun.Out, StringComparison.Ordinal);
        Assert.Contains("5 eligible, 1 to add", capped.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("drain:", capped.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INSTANTLY_SYNC__Push__SourceView", "outreach.missing", "Push:SourceView: outreach.missing does not exist")]
    [InlineData("INSTANTLY_SYNC__Push__SourceView", "outreach.dnc", "Push:SourceView: outreach.dnc has no column email")]
    [InlineData("INSTANTLY_SYNC__Push__Segments__1__Where", "revenu > 1", "Push:Segments:1 (midsize): Where is not valid SQL over outreach.lead_pool")]
    [InlineData("INSTANTLY_SYNC__Push__Segments__1__Campaign", "11111111-2222-3333-4444-555555555555", "Push:Segments:1 (midsize): campaign 11111111-2222-3333-4444-555555555555 is not in workspace default")]
    public async Task Bad_push_settings_exit_3_with_one_line_before_anything_is_read_from_the_pool(string variable, string value, string error)
    {
        Harness.ExtraEnvironment[variable] = value;
        var before = await FingerprintAsync();

        var run = await Harness.RunAsync(["push", "--dry-run"]);

        Assert.Equal(ExitCodes.PreconditionFailed, run.ExitCode);
        Assert.StartsWith($"instantly-sync: {error}", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal(before, await FingerprintAsync());
    }

}
