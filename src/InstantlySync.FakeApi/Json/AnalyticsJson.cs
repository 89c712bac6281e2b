using System.Globalization;
using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>Rows of the analytics endpoints, which answer with bare arrays rather than the items envelope.</summary>
internal static class AnalyticsJson
{
    public static void WriteDaily(Utf8JsonWriter writer, DateOnly date, ActivityRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("date", JsonFormat.DateText(date));
        writer.WriteNumber("sent", row.Sent);
        writer.WriteNumber("contacted", row.Contacted);
        writer.WriteNumber("new_leads_contacted", row.NewLeadsContacted);
        writer.WriteNumber("opened", row.Opened);
        writer.WriteNumber("unique_opened", row.UniqueOpened);
        writer.WriteNumber("replies", row.Replies);
        writer.WriteNumber("unique_replies", row.UniqueReplies);
        writer.WriteNumber("replies_automatic", row.RepliesAutomatic);
        writer.WriteNumber("unique_replies_automatic", row.UniqueRepliesAutomatic);
        writer.WriteNumber("clicks", row.Clicks);
        writer.WriteNumber("unique_clicks", row.UniqueClicks);
        writer.WriteNumber("opportunities", row.Opportunities);
        writer.WriteNumber("unique_opportunities", row.UniqueOpportunities);
        writer.WriteEndObject();
    }

    /// <summary>Step and variant are strings, 0-based like the <c>0_&lt;step&gt;_&lt;variant&gt;</c> ids on emails.</summary>
    public static void WriteStep(Utf8JsonWriter writer, int step, int variant, ActivityRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("step", step.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("variant", variant.ToString(CultureInfo.InvariantCulture));
        writer.WriteNumber("sent", row.Sent);
        writer.WriteNumber("opened", row.Opened);
        writer.WriteNumber("unique_opened", row.UniqueOpened);
        writer.WriteNumber("replies", row.Replies);
        writer.WriteNumber("unique_replies", row.UniqueReplies);
        writer.WriteNumber("replies_automatic", row.RepliesAutomatic);
        writer.WriteNumber("unique_replies_automatic", row.UniqueRepliesAutomatic);
        writer.WriteNumber("clicks", row.Clicks);
        writer.WriteNumber("unique_clicks", row.UniqueClicks);
        writer.WriteEndObject();
    }

    public static void WriteTotals(Utf8JsonWriter writer, CampaignRecord campaign, CampaignTotals totals)
    {
        var row = totals.Activity;
        writer.WriteStartObject();
        writer.WriteString("campaign_name", campaign.Name);
        writer.WriteString("campaign_id", campaign.IdText);
        writer.WriteNumber("campaign_status", campaign.Status);
        writer.WriteBoolean("campaign_is_evergreen", campaign.IsEvergreen);
        writer.WriteNumber("leads_count", totals.LeadsCount);
        writer.WriteNumber("contacted_count", row.Contacted);
        writer.WriteNumber("emails_sent_count", row.Sent);
        writer.WriteNumber("new_leads_contacted_count", row.NewLeadsContacted);
        writer.WriteNumber("open_count", row.UniqueOpened);
        writer.WriteNumber("open_count_unique", row.UniqueOpened);
        writer.WriteNumber("open_count_unique_by_step", totals.OpenedByStep);
        writer.WriteNumber("reply_count", row.Replies);
        writer.WriteNumber("reply_count_unique", row.UniqueReplies);
        writer.WriteNumber("reply_count_unique_by_step", totals.RepliedByStep);
        writer.WriteNumber("reply_count_automatic", row.RepliesAutomatic);
        writer.WriteNumber("reply_count_automatic_unique", row.UniqueRepliesAutomatic);
        writer.WriteNumber("reply_count_automatic_unique_by_step", totals.AutoRepliedByStep);
        writer.WriteNumber("link_click_count", row.Clicks);
        writer.WriteNumber("link_click_count_unique", row.UniqueClicks);
        writer.WriteNumber("link_click_count_unique_by_step", totals.ClickedByStep);
        writer.WriteNumber("bounced_count", totals.Bounced);
        writer.WriteNumber("unsubscribed_count", totals.Unsubscribed);
        writer.WriteNumber("completed_count", totals.Completed);
        writer.WriteNumber("total_opportunities", row.UniqueOpportunities);
        writer.WriteNumber("total_opportunity_value", totals.OpportunityValue);
        writer.WriteEndObject();
    }
}
