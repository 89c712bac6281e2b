using System.Text.Json;
using InstantlySync.Configuration;

namespace InstantlySync.Workspaces;

/// <summary>
/// A configured workspace once reached: its settings, its Instantly id (what the database stores
/// with every row) and what <c>GET /workspaces/current</c> said about it.
/// </summary>
internal sealed record Workspace(WorkspaceSettings Settings, string Id, string? InstantlyName, string RawJson)
{
    /// <summary>The configured name: what <c>--workspace</c> takes and the logs show.</summary>
    public string Name => Settings.Name;

    /// <summary>Reads the workspace's identity from a <c>GET /workspaces/current</c> response; null when it has no id.</summary>
    public static Workspace? From(WorkspaceSettings settings, JsonElement current)
    {
        if (current.ValueKind != JsonValueKind.Object
            || !current.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
        {
            return null;
        }

        var name = current.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new Workspace(settings, id.GetString()!, name, current.GetRawText());
    }
}
