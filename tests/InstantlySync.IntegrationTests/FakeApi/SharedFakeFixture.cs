using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>One small fake shared by the read-only tests of a class. Rate limits are off so test order cannot matter.</summary>
public sealed class SharedFakeFixture : IAsyncLifetime
{
    public FakeInstantly Fake { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fake = await FakeInstantly.StartAsync(FakeApiHttp.Small());
        Client = FakeApiHttp.Client(Fake);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Fake.DisposeAsync();
    }
}
