namespace InstantlySync.FakeApi;

/// <summary>How to build and serve a fake workspace. The same seed and sizes give byte-identical responses.</summary>
public sealed record FakeOptions
{
    public int Seed { get; init; } = 7;

    public int Campaigns { get; init; } = 8;

    public int Accounts { get; init; } = 12;

    public int Leads { get; init; } = 2_000;

    /// <summary>Target number of Unibox emails in the generated history (reached to within one lead's sequence).</summary>
    public int Emails { get; init; } = 3_000;

    /// <summary>Days of history before <see cref="Now"/>.</summary>
    public int Days { get; init; } = 60;

    public string ApiKey { get; init; } = "test-key";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Start of the business clock. Default: the machine's UTC time minus one day, truncated to
    /// the hour, so the data lies in the past of the real clock and two instances started within
    /// the same hour serve the same bytes.
    /// </summary>
    public DateTimeOffset? Now { get; init; }

    public int RequestsPerSecond { get; init; } = 100;

    public int RequestsPerMinute { get; init; } = 6_000;

    public int EmailsRequestsPerMinute { get; init; } = 20;

    /// <summary>Run-time switches (faults, rate limits, plan and scope errors) in force at start.</summary>
    public FakeFaults Faults { get; init; } = new();

    internal DateTimeOffset ResolveNow(TimeProvider clock)
    {
        if (Now is { } now)
        {
            return now.ToUniversalTime();
        }

        var yesterday = clock.GetUtcNow().AddDays(-1);
        return new DateTimeOffset(yesterday.Year, yesterday.Month, yesterday.Day, yesterday.Hour, 0, 0, TimeSpan.Zero);
    }

    internal void Validate()
    {
        static void NotNegative(int value, string name)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
            }
        }

        NotNegative(Campaigns, nameof(Campaigns));
        NotNegative(Accounts, nameof(Accounts));
        NotNegative(Leads, nameof(Leads));
        NotNegative(Emails, nameof(Emails));
        if (Days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Days), Days, "Days must be at least 1.");
        }

        if (Port is < 0 or > 65_535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0–65535.");
        }

        if (Campaigns > short.MaxValue || Accounts > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Campaigns), "At most 32767 campaigns and accounts.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ApiKey);
        Faults.Validate();
    }
}
