using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>A campaign as <c>GET /campaigns</c> lists it: the full object, <c>sequences</c> included.</summary>
internal static class CampaignJson
{
    public static void Write(Utf8JsonWriter writer, WorkspaceData data, CampaignRecord campaign)
    {
        writer.WriteStartObject();
        writer.WriteString("id", campaign.IdText);
        writer.WriteString("name", campaign.Name);
        writer.WriteNumber("status", campaign.Status);
        WriteSchedule(writer, campaign);
        JsonFormat.Timestamp(writer, "timestamp_created", campaign.CreatedMs);
        JsonFormat.Timestamp(writer, "timestamp_updated", campaign.UpdatedMs);
        WriteSequences(writer, campaign);
        writer.WriteNumber("pl_value", campaign.PlValue);
        writer.WriteBoolean("is_evergreen", campaign.IsEvergreen);
        writer.WriteNumber("email_gap", 10);
        writer.WriteStartArray("email_list");
        foreach (var index in campaign.AccountIndexes)
        {
            writer.WriteStringValue(data.Accounts[index].Email);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("email_tag_list");
        writer.WriteEndArray();
        writer.WriteNumber("daily_limit", campaign.DailyLimit);
        writer.WriteBoolean("stop_on_reply", true);
        writer.WriteBoolean("stop_on_auto_reply", false);
        writer.WriteBoolean("link_tracking", campaign.LinkTracking);
        writer.WriteBoolean("open_tracking", campaign.OpenTracking);
        writer.WriteBoolean("prioritize_new_leads", campaign.Index % 2 == 0);
        writer.WriteBoolean("match_lead_esp", campaign.Index % 3 == 0);
        writer.WriteBoolean("first_email_text_only", campaign.Index % 2 == 1);
        writer.WriteStartObject("core_variables");
        writer.WriteBoolean("firstName", true);
        writer.WriteBoolean("companyName", true);
        writer.WriteEndObject();
        writer.WriteStartObject("custom_variables");
        writer.WriteBoolean("industry", true);
        writer.WriteBoolean("city", true);
        writer.WriteEndObject();
        writer.WriteString("organization", data.WorkspaceId);
        if (data.Revision >= 1)
        {
            // A field the API started sending after the first sync: stored JSON must keep up with it.
            writer.WriteString("new_field_v2", campaign.Index % 2 == 0 ? "enabled" : "disabled");
        }

        writer.WriteEndObject();
    }

    private static void WriteSchedule(Utf8JsonWriter writer, CampaignRecord campaign)
    {
        writer.WriteStartObject("campaign_schedule");
        writer.WriteStartArray("schedules");
        writer.WriteStartObject();
        writer.WriteString("name", "Weekdays");
        writer.WriteStartObject("timing");
        writer.WriteString("from", "09:00");
        writer.WriteString("to", "17:00");
        writer.WriteEndObject();
        writer.WriteStartObject("days");
        for (var day = 0; day < 7; day++)
        {
            writer.WriteBoolean(day.ToString(System.Globalization.CultureInfo.InvariantCulture), day is >= 1 and <= 5);
        }

        writer.WriteEndObject();
        writer.WriteString("timezone", campaign.Timezone);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSequences(Utf8JsonWriter writer, CampaignRecord campaign)
    {
        writer.WriteStartArray("sequences");
        writer.WriteStartObject();
        writer.WriteStartArray("steps");
        foreach (var step in campaign.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "email");
            writer.WriteNumber("delay", step.DelayDays);
            writer.WriteString("delay_unit", "days");
            writer.WriteString("pre_delay_unit", "days");
            writer.WriteStartArray("variants");
            foreach (var variant in step.Variants)
            {
                writer.WriteStartObject();
                writer.WriteString("subject", variant.Subject);
                writer.WriteString("body", variant.Body);
                if (variant.Disabled)
                {
                    writer.WriteBoolean("v_disabled", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }
}
