using System.Text.Json.Nodes;
using InstantlySync.Cli;

namespace InstantlySync.IntegrationTests.Import;

public sealed class ImportShapeTests : IAsyncLifetime
{
    private readonly ImportRun _run = new();

    public Task InitializeAsync() => _run.InitializeAsync();

    public Task DisposeAsync() => _run.DisposeAsync();

    public static TheoryData<string> Shapes => ["bare arrays", "envelopes", "flat per-campaign arrays", "flat per-campaign envelopes"];

    private static JsonObject Reshape(string shape) => shape switch
    {
        "bare arrays" => Some.Unwrapped(ImportRun.Sample()),
        "envelopes" => Some.Wrapped(ImportRun.Sample()),
        "flat per-campaign arrays" => Some.Flattened(ImportRun.Sample()),
        "flat per-campaign envelopes" => Some.FlattenedInEnvelopes(ImportRun.Sample()),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_accepted_shape_imports_the_same_rows(string shape)
    {
        var result = await _run.ImportAsync(Reshape(shape));

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var counts = await _run.RowCountsAsync();
        Assert.Equal(4, counts["instantly_campaigns_raw"]);
        Assert.Equal(10, counts["instantly_accounts_raw"]);
        Assert.Equal(53, counts["instantly_daily_analytics_raw"]);
        Assert.Equal(15, counts["instantly_steps_raw"]);
        Assert.Equal(30, counts["instantly_emails_raw"]);
        Assert.Equal(0, counts["sync_dead_letters"]);
        Assert.Equal(3, await _run.ScalarAsync<long>("SELECT count(DISTINCT instantly_campaign_id) FROM instantly_steps_raw"));
        Assert.Equal(3, await _run.ScalarAsync<long>("SELECT count(*) FROM instantly_campaigns_raw WHERE leads_count IS NOT NULL"));
    }

    [Fact]
    public async Task A_file_starting_with_a_byte_order_mark_imports()
    {
        var path = _run.Write("\uFEFF" + ImportRun.Sample().ToJsonString());

        var result = await _run.ImportAsync(path);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Equal(10, (await _run.RowCountsAsync())["instantly_accounts_raw"]);
    }

    [Fact]
    public async Task A_key_saved_as_null_counts_as_empty()
    {
        var snapshot = ImportRun.Sample();
        snapshot["emails_sample"] = null;
        snapshot["steps_analytics"]!["9b6f458e-6dc5-4762-83d5-a528aedd2235"] = null;

        var result = await _run.ImportAsync(snapshot);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        var counts = await _run.RowCountsAsync();
        Assert.Equal(0, counts["instantly_emails_raw"]);
        Assert.Equal(10, counts["instantly_steps_raw"]);
    }

    [Fact]
    public async Task A_snapshot_with_only_some_keys_imports_only_those_entities()
    {
        var sample = ImportRun.Sample();
        var snapshot = new JsonObject { ["accounts"] = sample["accounts"]!.DeepClone() };

        var result = await _run.ImportAsync(snapshot);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Equal(10, (await _run.RowCountsAsync())["instantly_accounts_raw"]);
        Assert.Equal("{accounts}", await _run.ScalarAsync<string>("SELECT entities::text FROM sync_batches"));
        Assert.DoesNotContain("instantly_campaigns_raw", result.Out, StringComparison.Ordinal);
    }
}
