using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>A Unibox email as <c>GET /emails</c> lists it: 0/1 flags, comma-separated recipients, omitted optionals.</summary>
internal static class EmailJson
{
    public static void Write(Utf8JsonWriter writer, WorkspaceData data, EmailRecord email)
    {
        var lead = email.Lead;
        var campaign = data.Campaigns[email.CampaignIndex];
        var account = data.Accounts[email.AccountIndex];
        // The address mail went to: the person's, trimmed and lower-case, however the lead writes it.
        var leadEmail = People.Address(lead);
        var id = email.Id.ToString();
        var inbound = email.UeType == 2;
        var opening = Render(campaign.Steps[0].Variants[lead.Variant].Subject, lead, account);
        var subject = email.UeType is 1 or 4 && email.Step == 0 ? opening : $"Re: {opening}";
        var leadDomain = People.MailDomain(lead);
        var colleague = $"{Vocabulary.PersonFirstNames[(lead.FirstNameIndex + 7) % Vocabulary.PersonFirstNames.Length].ToLowerInvariant()}@{leadDomain}";

        writer.WriteStartObject();
        writer.WriteString("id", id);
        JsonFormat.Timestamp(writer, "timestamp_created", email.CreatedMs);
        JsonFormat.Timestamp(writer, "timestamp_email", email.EmailMs);
        writer.WriteString(
            "message_id",
            inbound ? $"<CA{JsonFormat.Token(email.Salt, 20)}@mail.{leadDomain}>" : $"<{id}@mail.{account.Domain}>");
        writer.WriteString("subject", subject);
        if (inbound)
        {
            writer.WriteString("to_address_email_list", account.Email);
            if (email.HasCc)
            {
                writer.WriteString("cc_address_email_list", $"{colleague}, ops@{leadDomain}");
            }
        }
        else
        {
            writer.WriteString("to_address_email_list", email.UeType == 3 && email.HasCc ? $"{leadEmail},{colleague}" : leadEmail);
        }

        WriteBody(writer, email, campaign, lead, account);
        writer.WriteString("organization_id", data.WorkspaceId);
        writer.WriteString("eaccount", account.Email);
        // Documented as derived from eaccount even for inbound mail; the sender is `lead`.
        writer.WriteString("from_address_email", account.Email);
        if (email.UeType != 3)
        {
            writer.WriteString("campaign_id", campaign.IdText);
        }

        writer.WriteString("lead", leadEmail);
        writer.WriteString("lead_id", lead.Id.ToString());
        writer.WriteNumber("ue_type", email.UeType);
        if (email.Step != EmailRecord.NoStep)
        {
            writer.WriteString("step", LeadJson.StepId(email.Step, email.Variant));
        }

        writer.WriteNumber("is_unread", email.IsUnread ? 1 : 0);
        if (inbound)
        {
            writer.WriteNumber("is_auto_reply", email.IsAutoReply ? 1 : 0);
        }

        if (email.AiInterestPercent != byte.MaxValue)
        {
            writer.WriteNumber("ai_interest_value", email.AiInterestPercent / 100.0);
        }

        if (email.InterestStatus != LeadRecord.NoInterest)
        {
            writer.WriteNumber("i_status", email.InterestStatus);
        }

        if (email.UeType == 3)
        {
            writer.WriteNumber("ai_assisted", email.AiAssisted ? 1 : 0);
        }

        writer.WriteNumber("is_focused", email.IsFocused ? 1 : 0);
        writer.WriteString("thread_id", ThreadId(campaign, lead));
        if (inbound)
        {
            writer.WriteString("content_preview", ReplyText(email));
        }

        writer.WriteEndObject();
    }

    /// <summary>Not a UUID: two hex characters of the campaign id, a dash and an opaque token.</summary>
    public static string ThreadId(CampaignRecord campaign, LeadRecord lead) =>
        $"{campaign.IdText[..2]}-{JsonFormat.Token(((ulong)lead.Salt << 32) | (uint)lead.Ordinal, 23)}";

    private static void WriteBody(Utf8JsonWriter writer, EmailRecord email, CampaignRecord campaign, LeadRecord lead, AccountRecord account)
    {
        writer.WriteStartObject("body");
        switch (email.UeType)
        {
            case 2:
                var text = ReplyText(email);
                writer.WriteString("text", text);
                writer.WriteString("html", $"<div>{text}</div>");
                break;
            case 3:
                writer.WriteString("html", $"<div>Thanks {LeadJson.FirstName(lead)}! Sending over times now.<br/>{account.FirstName}</div>");
                break;
            default:
                var step = campaign.Steps[email.Step];
                var variant = step.Variants[Math.Min(email.Variant, step.Variants.Length - 1)];
                writer.WriteString("html", Render(variant.Body, lead, account));
                break;
        }

        writer.WriteEndObject();
    }

    private static string ReplyText(EmailRecord email) =>
        email.IsAutoReply ? "I'm out of office until next week." : Vocabulary.ReplyTexts[email.Salt % Vocabulary.ReplyTexts.Length];

    private static string Render(string template, LeadRecord lead, AccountRecord account) =>
        template
            .Replace("{{firstName}}", LeadJson.FirstName(lead), StringComparison.Ordinal)
            .Replace("{{companyName}}", LeadContact.Of(lead).CompanyName ?? "", StringComparison.Ordinal)
            .Replace("{{sendingAccountFirstName}}", account.FirstName, StringComparison.Ordinal);
}
