using System.Text.Json;
using InstantlySync.FakeApi.Json;

namespace InstantlySync.FakeApi.Workspace;

/// <summary>One block list entry: an address or a whole domain.</summary>
internal sealed record BlockListEntry(Id128 Id, long CreatedMs, string Value, bool IsDomain)
{
    public void Write(Utf8JsonWriter writer, string workspaceId)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id.ToString());
        JsonFormat.Timestamp(writer, "timestamp_created", CreatedMs);
        writer.WriteString("organization_id", workspaceId);
        writer.WriteString("bl_value", Value);
        writer.WriteBoolean("is_domain", IsDomain);
        writer.WriteEndObject();
    }
}
