using System.Text;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class DeterminismTests
{
    private static readonly string[] GetPaths =
    [
        "workspaces/current",
        "campaigns/analytics?start_date=2026-01-01&end_date=2026-06-30",
        "campaigns/analytics/daily?start_date=2026-01-01&end_date=2026-06-30",
        "campaigns/analytics/steps?start_date=2026-01-01&end_date=2026-06-30",
    ];

    [Fact]
    public async Task Same_seed_and_sizes_serve_byte_identical_responses_before_and_after_a_clock_advance()
    {
        await using var first = await FakeInstantly.StartAsync(FakeApiHttp.Small(seed: 11));
        await using var second = await FakeInstantly.StartAsync(FakeApiHttp.Small(seed: 11));

        Assert.Equal(await EverythingAsync(first), await EverythingAsync(second));
        first.AdvanceClock(TimeSpan.FromHours(30));
        second.AdvanceClock(TimeSpan.FromHours(30));
        Assert.Equal(await EverythingAsync(first), await EverythingAsync(second));
    }

    [Fact]
    public async Task A_different_seed_serves_a_different_workspace()
    {
        await using var first = await FakeInstantly.StartAsync(FakeApiHttp.Small(seed: 11));
        await using var second = await FakeInstantly.StartAsync(FakeApiHttp.Small(seed: 12));

        Assert.NotEqual(await EverythingAsync(first), await EverythingAsync(second));
    }

    [Fact]
    public async Task A_workspace_serves_the_same_bytes_alone_and_beside_other_workspaces()
    {
        await using var alone = await FakeInstantly.StartAsync(FakeApiHttp.Small(seed: 11));
        await using var together = await FakeInstantly.StartAsync(
        [
            FakeApiHttp.Small(seed: 12) with { Name = "first", ApiKey = "first-key" },
            FakeApiHttp.Small(seed: 11),
            FakeApiHttp.Small(seed: 11) with { Name = "twin", ApiKey = "twin-key" },
        ]);

        Assert.Equal(await EverythingAsync(alone), await EverythingAsync(together, together.For("default")));
    }

    [Fact]
    public async Task Without_an_explicit_clock_the_data_ends_a_day_before_real_time()
    {
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small() with { Now = null });

        var lag = TimeProvider.System.GetUtcNow() - fake.Now;

        Assert.InRange(lag, TimeSpan.FromDays(1), TimeSpan.FromDays(1) + TimeSpan.FromMinutes(61));
        var newestEmail = fake.Workspace.Emails().Values.Max(e => e[(e.IndexOf("\"timestamp_created\":\"", StringComparison.Ordinal) + 21)..][..24]);
        Assert.True(DateTimeOffset.Parse(newestEmail!, System.Globalization.CultureInfo.InvariantCulture) <= fake.Now);
    }

    /// <summary>Every response body, raw, concatenated: byte-level comparison of two instances.</summary>
    private static async Task<string> EverythingAsync(FakeInstantly fake, FakeWorkspace? workspace = null)
    {
        using var client = FakeApiHttp.ClientFor(fake, workspace ?? fake.Workspace);
        var all = new StringBuilder();
        foreach (var path in GetPaths)
        {
            all.AppendLine(await client.GetStringAsync(path));
        }

        foreach (var list in new[] { "campaigns", "accounts", "emails?sort_order=asc" })
        {
            all.AppendJoin('\n', (await FakeApiHttp.ReadAllAsync(client, list)).Select(i => i.GetRawText())).AppendLine();
        }

        all.AppendJoin('\n', (await FakeApiHttp.ReadAllLeadsAsync(client)).Select(i => i.GetRawText()));
        return all.ToString();
    }
}
