using System.Diagnostics;
using System.Net;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

public sealed class ScaleTests
{
    [Fact]
    public async Task A_300000_lead_workspace_starts_well_within_a_minute_and_pages_from_any_resume_point()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var fake = await FakeInstantly.StartAsync(FakeApiHttp.Small() with { Leads = 300_000, Emails = 5_000, Days = 60 });
        var startup = stopwatch.Elapsed;
        using var client = FakeApiHttp.Client(fake);

        // A made-up UUIDv7 from an hour before the clock: every lead created in the last hour follows it.
        var resumeFrom = Guid.CreateVersion7(FakeApiHttp.Clock.AddHours(-1)).ToString();
        var (status, page) = await FakeApiHttp.LeadsPageAsync(client, 100, resumeFrom);

        Assert.True(startup < TimeSpan.FromSeconds(30), $"startup took {startup}");
        Assert.Equal(300_000, fake.Workspace.LeadCount);
        Assert.Equal(HttpStatusCode.OK, status);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, l => Assert.True(string.CompareOrdinal(l.Text("id"), resumeFrom) > 0));
        Assert.All(items, l => Assert.True(string.CompareOrdinal(l.Text("timestamp_created"), "2026-06-30T10:59:59.999Z") > 0));
        Assert.Equal(items[0].GetRawText(), fake.Workspace.Lead(items[0].Text("id")));
    }
}
