using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.IntegrationTests.Workspaces;
using Xunit.Abstractions;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// SPEC §12 end to end: the real CLI syncs the fake workspace and builds the modeled layer, and
/// every table and view must equal what <see cref="ModelOracle"/> computes from the records the
/// fake serves. The raw tables are checked against the fake first, so a difference found here is
/// the transform's and not the sync's.
/// </summary>
public sealed class ModeledLayerTests(ITestOutputHelper output) : HarnessTest
{
    [Fact]
    public async Task A_full_sync_and_transform_build_every_table_and_view_as_the_oracle_computes_them()
    {
        var sync = await Harness.SyncAsync("--all");
        var transform = await Harness.RunAsync(["transform"]);

        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        Assert.True(transform.ExitCode == ExitCodes.Success, transform.All);
        await AssertRawEqualsTheFakeAsync();
        await AssertModelEqualsTheOracleAsync(Harness.Fake.Workspace, "after a full sync and transform");
    }

    [Fact]
    public async Task After_days_of_changes_the_incremental_transform_equals_a_full_rebuild_and_the_oracle()
    {
        var first = await Harness.SyncAsync("--all");
        Assert.True(first.ExitCode == ExitCodes.Success, first.All);
        var workspaceId = Harness.Fake.Workspace.WorkspaceId;

        // A day, then three: people join other campaigns, leads are rescored, replies and new leads arrive.
        foreach (var days in new[] { 1, 3 })
        {
            var changes = Harness.Fake.AdvanceClock(TimeSpan.FromDays(days));
            Assert.True(changes.NewEmails > 0 && changes.ChangedLeads > 0 && changes.NewLeads > 0, "the fake's days changed nothing");

            // The sync's own transform at its end is the incremental one.
            var sync = await Harness.SyncAsync();
            Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
            var incremental = await ModelTables.SnapshotAsync(Harness.Database.DataSource, workspaceId);

            var full = await Harness.RunAsync(["transform", "--full"]);
            Assert.True(full.ExitCode == ExitCodes.Success, full.All);
            var rebuilt = await ModelTables.SnapshotAsync(Harness.Database.DataSource, workspaceId);

            var drift = ModelTables.SnapshotDifferences(incremental, rebuilt, "incremental", "full rebuild");
            Assert.True(drift.Count == 0, $"After {days} more day(s) the incremental transform differs from a full rebuild:\n" + string.Join("\n", drift));
            Assert.True(incremental.Values.All(rows => rows.Count > 0), "a modeled table or view is empty: " + string.Join(", ", incremental.Select(t => $"{t.Key}={t.Value.Count}")));
            await AssertRawEqualsTheFakeAsync();
            await AssertModelEqualsTheOracleAsync(Harness.Fake.Workspace, $"after {days} more day(s) of changes and an incremental sync");
        }
    }

    [Fact]
    public async Task Workspaces_with_overlapping_data_each_equal_their_own_oracle()
    {
        await using var agency = await AgencyHarness.StartAsync(Database);

        var sync = await agency.RunAsync("sync", "--all");

        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        var raw = await agency.OraclesAsync();
        Assert.True(raw.Values.All(o => o.Equal), AgencyHarness.Describe(raw));
        var differences = new List<string>();
        foreach (var name in AgencyHarness.Names)
        {
            var input = ModelInput.From(agency.Fake.For(name));
            var expected = ModelOracle.Compute(input);
            output.WriteLine($"What {name}'s data reached:\n{ModelCoverage.Describe(input, expected)}");
            differences.AddRange((await ModelTables.DifferencesAsync(Database.DataSource, expected)).Select(d => $"{name}: {d}"));
        }

        Assert.True(differences.Count == 0, "The modeled layer differs from the oracle:\n" + string.Join("\n", differences));
    }

    private async Task AssertRawEqualsTheFakeAsync()
    {
        var raw = await Harness.DifferencesAsync();
        Assert.True(raw.Count == 0, "The raw tables differ from the fake, so the modeled layer cannot be judged:\n" + string.Join("\n", raw));
    }

    private async Task AssertModelEqualsTheOracleAsync(FakeWorkspace workspace, string when)
    {
        var input = ModelInput.From(workspace);
        var expected = ModelOracle.Compute(input);
        output.WriteLine($"What the data reached {when}:\n{ModelCoverage.Describe(input, expected)}");
        Assert.NotEmpty(expected.Leads);
        Assert.NotEmpty(expected.Companies);
        var differences = await ModelTables.DifferencesAsync(Harness.Database.DataSource, expected);
        Assert.True(differences.Count == 0, $"The modeled layer {when} differs from the oracle:\n" + string.Join("\n", differences));
    }
}
