using System.Text;
using System.Text.Json;

namespace InstantlySync.Report;

/// <summary>
/// <c>report --json</c>: the document of the README ("The campaign report") and nothing else, written
/// field by field so its shape cannot drift with a rename in C#.
/// </summary>
internal static class ReportJson
{
    public static string Write(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Campaign names in any language stay readable; the output is a file or a pipe, never HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteStartObject("window");
            json.WriteString("from", Date(document.Window.From));
            json.WriteString("to", Date(document.Window.To));
            json.WriteEndObject();
            json.WriteStartArray("workspaces");
            foreach (var workspace in document.Workspaces)
            {
                WriteWorkspace(json, workspace);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteWorkspace(Utf8JsonWriter json, WorkspaceReport workspace)
    {
        json.WriteStartObject();
        json.WriteString("name", workspace.Name);
        json.WriteString("workspace_id", workspace.WorkspaceId);
        json.WriteStartArray("campaigns");
        foreach (var c in workspace.Campaigns)
        {
            json.WriteStartObject();
            json.WriteString("campaign_id", c.CampaignId);
            json.WriteString("name", c.Name);
            json.WriteString("status", c.Status);
            Number(json, "leads", c.Leads);
            json.WriteNumber("sent", c.Sent);
            json.WriteNumber("unique_opened", c.UniqueOpened);
            json.WriteNumber("replies", c.Replies);
            Number(json, "reply_rate", c.ReplyRate);
            Number(json, "bounced", c.Bounced);
            Number(json, "unsubscribed", c.Unsubscribed);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("steps");
        foreach (var s in workspace.Steps)
        {
            json.WriteStartObject();
            json.WriteString("campaign_id", s.CampaignId);
            json.WriteString("step", s.Step);
            json.WriteString("variant", s.Variant);
            json.WriteNumber("sent", s.Sent);
            json.WriteNumber("replies", s.Replies);
            Number(json, "reply_rate", s.ReplyRate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("daily");
        foreach (var d in workspace.Daily)
        {
            json.WriteStartObject();
            json.WriteString("date", Date(d.Date));
            json.WriteNumber("sent", d.Sent);
            json.WriteNumber("replies", d.Replies);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("leads_by_status");
        json.WriteNumber("replied", workspace.LeadsByStatus.Replied);
        json.WriteNumber("bounced", workspace.LeadsByStatus.Bounced);
        json.WriteNumber("emailed", workspace.LeadsByStatus.Emailed);
        json.WriteNumber("not_yet_emailed", workspace.LeadsByStatus.NotYetEmailed);
        json.WriteEndObject();
        var t = workspace.Totals;
        json.WriteStartObject("totals");
        json.WriteNumber("sent", t.Sent);
        json.WriteNumber("unique_opened", t.UniqueOpened);
        json.WriteNumber("replies", t.Replies);
        Number(json, "reply_rate", t.ReplyRate);
        json.WriteNumber("bounced", t.Bounced);
        json.WriteNumber("unsubscribed", t.Unsubscribed);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
