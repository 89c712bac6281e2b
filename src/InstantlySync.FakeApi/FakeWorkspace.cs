using InstantlySync.FakeApi.Http;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi;

/// <summary>
/// One workspace the fake serves: its generated data (and the oracle over it, see the other half
/// of this class), its own business clock, fault switches, statistics and rate limits.
/// </summary>
/// <example><code>
/// var acme = fake.For("acme");
/// acme.AdvanceClock(TimeSpan.FromHours(24));   // only acme's clock moves
/// acme.UpdateFaults(f => f with { ErrorRate = 0.1 });
/// acme.Stats.RequestsTo("/api/v2/emails");
/// </code></example>
public sealed partial class FakeWorkspace
{
    private readonly List<GroupMember> _members = [];

    internal FakeWorkspace(FakeOptions options, WorkspaceStore store, TimeProvider time)
    {
        Options = options;
        Name = options.ResolvedName;
        (WorkspaceId, ServedName, CreatedMs) = store.Read(d => (d.WorkspaceId, d.WorkspaceName, d.WorkspaceCreatedMs));
        Store = store;
        Injector = new FaultInjector(options.Faults);
        Counter = new StatsCounter();
        Limiter = new RateLimiter(options, time);
    }

    public FakeOptions Options { get; }

    /// <summary>The name given in <see cref="FakeOptions.Name"/>, or <c>default</c>.</summary>
    public string Name { get; }

    /// <summary>The id served by <c>GET /workspaces/current</c> and as every record's <c>organization</c>.</summary>
    public string WorkspaceId { get; }

    /// <summary>The Bearer key that reaches this workspace: its own, or its admin's for a sub-workspace.</summary>
    public string ApiKey => Admin?.Options.ApiKey ?? Options.ApiKey;

    /// <summary>The admin workspace's name when this is a sub-workspace (send <c>x-as-workspace: WorkspaceId</c>).</summary>
    public string? SubWorkspaceOf => Admin?.Name;

    /// <summary>The business clock.</summary>
    public DateTimeOffset Now => Store.Read(d => DateTimeOffset.FromUnixTimeMilliseconds(d.NowMs));

    public FakeFaults Faults => Injector.Current;

    /// <summary>What this workspace has served since the start or its last reset.</summary>
    public FakeStats Stats => Counter.Snapshot();

    internal WorkspaceStore Store { get; }

    internal FaultInjector Injector { get; }

    internal StatsCounter Counter { get; }

    internal RateLimiter Limiter { get; }

    /// <summary>The <c>name</c> of <c>GET /workspaces/current</c>.</summary>
    internal string ServedName { get; }

    internal long CreatedMs { get; }

    internal FakeWorkspace? Admin { get; private set; }

    /// <summary>This workspace's membership of its admin's group, when it is a sub-workspace.</summary>
    internal GroupMember? Membership { get; private set; }

    /// <summary>The group's sub-workspaces, when this is an admin workspace, in membership id order.</summary>
    internal IReadOnlyList<GroupMember> Members => _members;

    /// <summary>Moves this workspace's business clock forward and changes its data (see <see cref="FakeAdvance"/>).</summary>
    public FakeAdvance AdvanceClock(TimeSpan by) => Store.Advance(by);

    /// <summary>
    /// Ends the sequence of up to <paramref name="count"/> leads of one campaign (the first by id
    /// whose status is active or paused) with <paramref name="status"/> (3 completed, -1 bounced,
    /// -2 unsubscribed): a quick way to a campaign full of leads to drain. Returns how many changed.
    /// </summary>
    public int FinishLeads(string campaignId, int count, int status) => Store.Write(d =>
    {
        var campaign = d.FindCampaign(campaignId);
        if (campaign is null || status is not (3 or -1 or -2))
        {
            return 0;
        }

        var finished = campaign.Leads.Where(l => l.Status is 1 or 2).Take(count).ToList();
        foreach (var lead in finished)
        {
            lead.Status = (sbyte)status;
            lead.UpdatedMs = d.NowMs;
        }

        return finished.Count;
    });

    /// <summary>Replaces every run-time switch of this workspace at once.</summary>
    public void SetFaults(FakeFaults faults) => Injector.Set(faults);

    /// <summary>Changes some switches: <c>workspace.UpdateFaults(f => f with { ErrorRate = 0.2 })</c>.</summary>
    public void UpdateFaults(Func<FakeFaults, FakeFaults> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Injector.Set(change(Injector.Current));
    }

    public void ResetStats() => Counter.Reset();

    /// <summary>Makes this workspace a sub-workspace of <paramref name="admin"/>'s group; done once, before serving.</summary>
    internal void JoinGroupOf(FakeWorkspace admin, int position)
    {
        // The invitation was accepted a day after the later of the two workspaces was created; the
        // position keeps members created the same day apart.
        var joinedMs = Math.Max(admin.CreatedMs, CreatedMs) + (24 * 3_600_000L) + (position * 60_000L);
        var seed = (int)Id128.FromName(admin.WorkspaceId + "/" + WorkspaceId).Low;
        var member = new GroupMember(Id128.Version7(DateTimeOffset.FromUnixTimeMilliseconds(joinedMs), new Random(seed)), admin, this, joinedMs);
        Admin = admin;
        Membership = member;
        admin._members.Add(member);
        admin._members.Sort((a, b) => a.Id.CompareTo(b.Id));
    }
}

/// <summary>An accepted membership of a workspace group, as <c>GET /workspace-group-members</c> lists it.</summary>
internal sealed record GroupMember(Id128 Id, FakeWorkspace Admin, FakeWorkspace Sub, long JoinedMs);
