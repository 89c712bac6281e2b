using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi;

/// <summary>
/// How to build and serve a fake workspace. The same seed and sizes give byte-identical responses;
/// two workspaces with the same seed and sizes differ only in their id and name.
/// </summary>
public sealed record FakeOptions
{
    /// <summary>
    /// What tests, <c>/_control?workspace=</c> and the banner call the workspace, also served as its
    /// <c>name</c>: lower-case letters, digits, <c>-</c> and <c>_</c>. Null: <c>default</c>, served as
    /// "Zyndix Outreach".
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// The workspace's id (a UUID), served by <c>GET /workspaces/current</c> and as every record's
    /// <c>organization</c>. Default: derived from <see cref="Name"/>, or from <see cref="Seed"/> when unnamed.
    /// </summary>
    public string? WorkspaceId { get; init; }

    /// <summary>
    /// Name of the admin workspace of the group this one belongs to. A sub-workspace has no key of
    /// its own (<see cref="ApiKey"/> is not used): it is reached with the admin's key and the header
    /// <c>x-as-workspace: &lt;its id&gt;</c>.
    /// </summary>
    public string? SubWorkspaceOf { get; init; }

    public int Seed { get; init; } = 7;

    /// <summary>
    /// The plan's uploaded-contacts limit: leads in campaigns count against it (lists do not), and
    /// <c>POST /leads/add</c> to a campaign answers what is left as <c>remaining_in_plan</c>.
    /// Default: the generated leads plus 25,000 (Hyper Growth's allowance).
    /// </summary>
    public int? UploadedContactsLimit { get; init; }

    public int Campaigns { get; init; } = 8;

    public int Accounts { get; init; } = 12;

    public int Leads { get; init; } = 2_000;

    /// <summary>Target number of Unibox emails in the generated history (reached to within one lead's sequence).</summary>
    public int Emails { get; init; } = 3_000;

    /// <summary>Days of history before <see cref="Now"/>.</summary>
    public int Days { get; init; } = 60;

    public string ApiKey { get; init; } = "test-key";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one. With several workspaces, the first one's.</summary>
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

    internal const string DefaultName = "default";

    internal string ResolvedName => Name ?? DefaultName;

    /// <summary>
    /// The id served: the explicit one, else one derived from the name (so a workspace keeps its id
    /// when its seed or sizes change), else the seeded generator's first draw, which is what an unnamed workspace
    /// has always served.
    /// </summary>
    internal string ResolveWorkspaceId(Id128 seeded) =>
        WorkspaceId?.ToLowerInvariant() ?? (Name is null ? seeded : Id128.FromName(Name)).ToString();

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
        if (Name is not null && !IsName(Name))
        {
            throw new ArgumentException($"Workspace name '{Name}' must be lower-case letters, digits, '-' and '_'.", nameof(Name));
        }

        if (SubWorkspaceOf is not null && !IsName(SubWorkspaceOf))
        {
            throw new ArgumentException($"'{SubWorkspaceOf}' is not a workspace name.", nameof(SubWorkspaceOf));
        }

        if (WorkspaceId is not null && !Guid.TryParseExact(WorkspaceId, "D", out _))
        {
            throw new ArgumentException($"Workspace id '{WorkspaceId}' is not a UUID.", nameof(WorkspaceId));
        }

        Faults.Validate();
    }

    private static bool IsName(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
