using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// The workspaces one process serves, and which of them a request acts on: the workspace of its
/// Bearer key or, with <c>x-as-workspace</c>, one of that key's sub-workspaces. Both lookups are
/// dictionary hits, so many workspaces cost a request nothing.
/// </summary>
internal sealed class WorkspaceDirectory : IDisposable
{
    public const string AsWorkspaceHeader = "x-as-workspace";

    private readonly Dictionary<string, FakeWorkspace> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeWorkspace> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeWorkspace> _byName = new(StringComparer.Ordinal);
    private readonly List<WorkspaceStore> _stores = [];

    public WorkspaceDirectory(IReadOnlyList<(FakeOptions Options, WorkspaceData Data)> workspaces, TimeProvider time)
    {
        var all = new List<FakeWorkspace>();
        foreach (var (options, data) in workspaces)
        {
            var store = new WorkspaceStore(data, options);
            _stores.Add(store);
            var workspace = new FakeWorkspace(options, store, time);
            if (!_byId.TryAdd(workspace.WorkspaceId, workspace))
            {
                throw new ArgumentException($"Workspaces '{_byId[workspace.WorkspaceId].Name}' and '{workspace.Name}' have the same id {workspace.WorkspaceId}.");
            }

            _byName.Add(workspace.Name, workspace);
            all.Add(workspace);
        }

        foreach (var sub in all.Where(w => w.Options.SubWorkspaceOf is not null))
        {
            var admin = _byName[sub.Options.SubWorkspaceOf!];
            sub.JoinGroupOf(admin, admin.Members.Count);
        }

        foreach (var keyed in all.Where(w => w.Options.SubWorkspaceOf is null))
        {
            _byKey.Add(keyed.Options.ApiKey, keyed);
        }

        All = all;
    }

    /// <summary>In the order given; the first is what the single-workspace accessors of <see cref="FakeInstantly"/> show.</summary>
    public IReadOnlyList<FakeWorkspace> All { get; }

    /// <summary>Requests that reached no workspace: a missing or unknown key.</summary>
    public StatsCounter Unattributed { get; } = new();

    public FakeWorkspace? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The workspace the request acts on, or why it is refused. A refused <c>x-as-workspace</c>
    /// still names the key's workspace, which counts the request.
    /// </summary>
    public (FakeWorkspace? Workspace, ApiResponse? Refusal) Resolve(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, ApiResponse.Error(StatusCodes.Status401Unauthorized, "Missing Authorization header"));
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !_byKey.TryGetValue(header[7..].Trim(), out var keyed))
        {
            return (null, ApiResponse.Error(StatusCodes.Status401Unauthorized, "Invalid API key"));
        }

        var asWorkspace = request.Headers[AsWorkspaceHeader].ToString().Trim();
        if (asWorkspace.Length == 0)
        {
            return (keyed, null);
        }

        // The reference documents no status for a sub-workspace the key does not administer; 403 is
        // what the API answers a key that may not do something.
        return _byId.TryGetValue(asWorkspace, out var sub) && sub.Admin == keyed
            ? (sub, null)
            : (keyed, ApiResponse.Error(StatusCodes.Status403Forbidden, "x-as-workspace does not name a sub-workspace of this workspace"));
    }

    public FakeStats Stats() => FakeStats.Sum([Unattributed.Snapshot(), .. All.Select(w => w.Stats)]);

    public void ResetStats()
    {
        Unattributed.Reset();
        foreach (var workspace in All)
        {
            workspace.ResetStats();
        }
    }

    /// <summary>Refuses a set of workspaces that cannot be served together, before any is generated.</summary>
    public static void Validate(IReadOnlyList<FakeOptions> workspaces)
    {
        if (workspaces.Count == 0)
        {
            throw new ArgumentException("Give at least one workspace.", nameof(workspaces));
        }

        foreach (var options in workspaces)
        {
            options.Validate();
        }

        var port = workspaces[0].Port;
        if (workspaces.Skip(1).Any(w => w.Port != 0 && w.Port != port))
        {
            throw new ArgumentException("The port is the first workspace's; leave the others' at 0.");
        }

        Unique(workspaces.Select(w => w.ResolvedName), "name");
        Unique(workspaces.Where(w => w.SubWorkspaceOf is null).Select(w => w.ApiKey), "API key");
        var admins = workspaces.Where(w => w.SubWorkspaceOf is null).Select(w => w.ResolvedName).ToHashSet(StringComparer.Ordinal);
        foreach (var sub in workspaces.Where(w => w.SubWorkspaceOf is not null))
        {
            if (!admins.Contains(sub.SubWorkspaceOf!))
            {
                throw new ArgumentException(
                    $"Sub-workspace '{sub.ResolvedName}' names '{sub.SubWorkspaceOf}' as its admin: that must be another workspace with a key, not a sub-workspace.");
            }
        }
    }

    private static void Unique(IEnumerable<string> values, string what)
    {
        if (values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Two workspaces have the same {what} '{duplicate.Key}'.");
        }
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }
}
