using Dapper;
using InstantlySync.Cli;

namespace InstantlySync.IntegrationTests.Push;

/// <summary>
/// The plan's uploaded-contacts quota binds: a workspace with room for two more leads gets two,
/// the answer's <c>remaining_in_plan</c> (0) caps the rest of the run, and nobody else is sent.
/// </summary>
public sealed class PushQuotaTests : PushTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The same workspace (same seed, same data), its plan two contacts short of full.
        var inCampaigns = Harness.Fake.Options.UploadedContactsLimit is { } limit
            ? limit - Harness.Fake.Workspace.RemainingInPlan
            : Harness.Fake.Options.Leads + 25_000 - Harness.Fake.Workspace.RemainingInPlan;
        await RestartFakeAsync(Harness.Fake.Options with { UploadedContactsLimit = inCampaigns + 2 });
    }

    [Fact]
    public async Task Remaining_in_plan_caps_the_run_after_the_first_answer()
    {
        var run = await Harness.RunAsync(["push", "--phases", "topup"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var states = (await connection.QueryAsync<(string State, int Count)>(
            "SELECT state, count(*)::int FROM outreach.push_leads GROUP BY 1 ORDER BY 1")).ToList();
        // The first segment's batch (ann, cat, old) meets the quota: two created, one refused; the
        // second segment (bob, dan) is not sent at all, its rows never queued.
        Assert.Equal([("active", 2), ("rejected", 1)], states);
        Assert.Equal(0, Harness.Fake.Workspace.RemainingInPlan);
        Assert.Contains("remaining in plan 0", run.Out, StringComparison.Ordinal);
    }
}
