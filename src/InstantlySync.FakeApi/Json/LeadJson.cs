using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>A lead as <c>POST /leads/list</c> returns it: optional fields omitted, <c>payload</c> mirroring core fields.</summary>
internal static class LeadJson
{
    public static string FirstName(LeadRecord lead) => Vocabulary.FirstNames[lead.FirstNameIndex];

    public static string LastName(LeadRecord lead) => Vocabulary.LastNames[lead.LastNameIndex];

    public static string CompanyName(LeadRecord lead) => Vocabulary.CompanyName(lead.CompanyIndex);

    /// <summary>Unique in the workspace because the lead's ordinal is part of it.</summary>
    public static string Email(LeadRecord lead) =>
        $"{FirstName(lead).ToLowerInvariant()}.{LastName(lead).ToLowerInvariant()}{lead.Ordinal}@{Vocabulary.CompanyDomain(lead.CompanyIndex)}";

    public static void Write(Utf8JsonWriter writer, WorkspaceData data, LeadRecord lead)
    {
        var email = LeadJson.Email(lead);
        var domain = Vocabulary.CompanyDomain(lead.CompanyIndex);
        var website = (lead.Salt & 1) != 0 ? $"https://www.{domain}" : null;
        var personalization = (lead.Salt & 12) switch
        {
            0 => null,
            4 => "",
            _ => $"Saw {CompanyName(lead)} is hiring in {Vocabulary.Cities[lead.CityIndex]}.",
        };
        var phone = (lead.Salt & 2) != 0 ? $"+44 20 7{lead.Salt % 1000:000} {lead.Ordinal % 10000:0000}" : null;

        writer.WriteStartObject();
        writer.WriteString("id", lead.Id.ToString());
        JsonFormat.Timestamp(writer, "timestamp_created", lead.CreatedMs);
        JsonFormat.Timestamp(writer, "timestamp_updated", lead.UpdatedMs);
        writer.WriteString("organization", data.WorkspaceId);
        if (data.Campaign(lead.CampaignIndex) is { } campaign)
        {
            writer.WriteString("campaign", campaign.IdText);
        }
        else
        {
            writer.WriteString("list_id", data.ListIds[lead.ListIndex]);
        }

        writer.WriteNumber("status", lead.Status);
        writer.WriteNumber("email_open_count", lead.OpenCount);
        writer.WriteNumber("email_reply_count", lead.ReplyCount);
        writer.WriteNumber("email_click_count", lead.ClickCount);
        writer.WriteString("company_domain", domain);
        WriteStatusSummary(writer, data, lead);
        writer.WriteString("email", email);
        writer.WriteString("first_name", FirstName(lead));
        writer.WriteString("last_name", LastName(lead));
        writer.WriteString("company_name", CompanyName(lead));
        writer.WriteString("job_title", Vocabulary.JobTitles[lead.JobTitleIndex]);
        WriteOptionalContact(writer, website, phone, personalization);

        writer.WriteStartObject("payload");
        writer.WriteString("firstName", FirstName(lead));
        writer.WriteString("lastName", LastName(lead));
        writer.WriteString("email", email);
        writer.WriteString("companyName", CompanyName(lead));
        writer.WriteString("jobTitle", Vocabulary.JobTitles[lead.JobTitleIndex]);
        WriteOptionalContact(writer, website, phone, personalization);

        writer.WriteString("industry", Vocabulary.Industries[lead.IndustryIndex]);
        writer.WriteString("city", Vocabulary.Cities[lead.CityIndex]);
        // Enrichment rescoring rewrites this custom variable, which is how a payload changes between syncs.
        writer.WriteNumber("leadScore", (int)(JsonFormat.Mix(lead.Salt + ((ulong)lead.PayloadRevision << 32)) % 100));
        if (lead.PayloadRevision > 0)
        {
            writer.WriteString("lastEnrichedAt", JsonFormat.DateText(JsonFormat.DateOf(lead.UpdatedMs)));
        }

        writer.WriteEndObject();
        if (lead.InterestStatus != LeadRecord.NoInterest)
        {
            writer.WriteNumber("lt_interest_status", lead.InterestStatus);
            JsonFormat.OptionalTimestamp(writer, "timestamp_last_interest_change", lead.LastInterestChangeMs);
        }

        if (lead.Contacted)
        {
            JsonFormat.Timestamp(writer, "timestamp_last_contact", lead.LastStepMs);
            JsonFormat.Timestamp(writer, "timestamp_last_touch", Math.Max(lead.LastStepMs, lead.LastReplyMs));
            writer.WriteString("last_contacted_from", data.Accounts[lead.AccountIndex].Email);
        }

        JsonFormat.OptionalTimestamp(writer, "timestamp_last_open", lead.LastOpenMs);
        JsonFormat.OptionalTimestamp(writer, "timestamp_last_reply", lead.LastReplyMs);
        JsonFormat.OptionalTimestamp(writer, "timestamp_last_click", lead.LastClickMs);
        writer.WriteString("upload_method", (lead.Salt & 16) != 0 ? "api" : "manual");
        writer.WriteNumber("esp_code", lead.EspCode);
        writer.WriteNumber("verification_status", lead.VerificationStatus);
        writer.WriteEndObject();
    }

    /// <summary><c>{}</c> until the first send, then <c>lastStep</c> with the <c>0_&lt;step&gt;_&lt;variant&gt;</c> id.</summary>
    private static void WriteStatusSummary(Utf8JsonWriter writer, WorkspaceData data, LeadRecord lead)
    {
        writer.WriteStartObject("status_summary");
        if (lead.Contacted)
        {
            writer.WriteStartObject("lastStep");
            writer.WriteString("from", data.Accounts[lead.AccountIndex].Email);
            writer.WriteString("stepID", StepId(lead.LastStep, lead.LastStep == 0 ? lead.Variant : 0));
            JsonFormat.Timestamp(writer, "timestamp_executed", lead.LastStepMs);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static string StepId(int step, int variant) => $"0_{step}_{variant}";

    /// <summary>Optional contact fields, omitted when unset; written at the top level and again in the payload mirror.</summary>
    private static void WriteOptionalContact(Utf8JsonWriter writer, string? website, string? phone, string? personalization)
    {
        if (website is not null)
        {
            writer.WriteString("website", website);
        }

        if (phone is not null)
        {
            writer.WriteString("phone", phone);
        }

        if (personalization is not null)
        {
            writer.WriteString("personalization", personalization);
        }
    }
}
