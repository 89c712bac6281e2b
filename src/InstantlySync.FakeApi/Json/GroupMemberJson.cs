using System.Text.Json;

namespace InstantlySync.FakeApi.Json;

/// <summary>
/// A workspace group member as <c>GET /workspace-group-members</c> lists it: the fields of the
/// reference's "Workspace group member" schema, every membership accepted.
/// </summary>
internal static class GroupMemberJson
{
    public static void Write(Utf8JsonWriter writer, GroupMember member)
    {
        writer.WriteStartObject();
        writer.WriteString("id", member.Id.ToString());
        writer.WriteString("admin_workspace_id", member.Admin.WorkspaceId);
        writer.WriteString("sub_workspace_id", member.Sub.WorkspaceId);
        writer.WriteString("status", "accepted");
        JsonFormat.Timestamp(writer, "timestamp_created", member.JoinedMs);
        JsonFormat.Timestamp(writer, "timestamp_updated", member.JoinedMs);
        writer.WriteString("sub_workspace_name", member.Sub.ServedName);
        writer.WriteString("admin_workspace_name", member.Admin.ServedName);
        writer.WriteEndObject();
    }
}
