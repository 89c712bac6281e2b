using InstantlySync.FakeApi.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary>The workspace group as the admin workspace sees it, and the admin as a sub-workspace sees it.</summary>
internal static class WorkspaceGroupEndpoints
{
    /// <summary>
    /// The group's sub-workspaces, ordered by membership id (UUIDv7, so in the order they joined);
    /// the cursor is the last id. Only an admin workspace may list them.
    /// </summary>
    public static ApiResponse Members(IQueryCollection query, FakeWorkspace workspace, RequestFaults faults)
    {
        if (workspace.Members.Count == 0)
        {
            return ApiResponse.Error(StatusCodes.Status403Forbidden, "This workspace is not the admin workspace of a workspace group");
        }

        if (Paging.ParseLimit(query["limit"], "querystring", out var limit) is { } error)
        {
            return error;
        }

        string? cursor = query["starting_after"];
        var after = default(Id128);
        if (cursor is not null && !Id128.TryParse(cursor, out after))
        {
            return ApiResponse.BadRequest("querystring/starting_after must match format \"uuid\"");
        }

        var items = workspace.Members.Where(m => cursor is null || m.Id > after);
        return Paging.Page(items, limit, cursor, faults, m => m.Id.ToString(), GroupMemberJson.Write);
    }

    /// <summary>
    /// <c>GET /workspace-group-members/admin</c>: the admin workspace of the current one. The
    /// reference's wording: without an admin workspace the name is "Undefined".
    /// </summary>
    public static ApiResponse Admin(FakeWorkspace workspace) => ApiResponse.Ok(writer =>
    {
        writer.WriteStartObject();
        if (workspace.Membership is { } membership)
        {
            writer.WriteString("workspace_name", membership.Admin.ServedName);
            writer.WriteBoolean("has_admin_workspace", true);
            writer.WriteString("workspace_group_member_id", membership.Id.ToString());
        }
        else
        {
            writer.WriteString("workspace_name", "Undefined");
            writer.WriteBoolean("has_admin_workspace", false);
        }

        writer.WriteEndObject();
    });
}
