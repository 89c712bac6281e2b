using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>A lead as <c>POST /leads/list</c> returns it: optional fields omitted, <c>payload</c> mirroring core fields.</summary>
internal static class LeadJson
{
    public static string FirstName(LeadRecord lead) => lead.Pushed is { } pushed ? pushed.FirstName ?? "" : Vocabulary.PersonFirstNames[lead.FirstNameIndex];

    public static string LastName(LeadRecord lead) => lead.Pushed is { } pushed ? pushed.LastName ?? "" : Vocabulary.PersonLastNames[lead.LastNameIndex];

    public static void Write(Utf8JsonWriter writer, WorkspaceData data, LeadRecord lead)
    {
        var contact = LeadContact.Of(lead);
        var personalization = (lead.Salt & 12) switch
        {
            0 => null,
            4 => "",
            _ when lead.FreeMailIndex >= 0 => $"Loved your post from {Vocabulary.Cities[lead.CityIndex]}.",
            _ => $"Saw {Vocabulary.CompanyName(lead.CompanyIndex)} is hiring in {Vocabulary.Cities[lead.CityIndex]}.",
        };
        var phone = (lead.Salt & 2) != 0 ? $"+44 20 7{lead.Salt % 1000:000} {lead.Ordinal % 10000:0000}" : null;
        if (lead.Pushed is { } pushed)
        {
            (personalization, phone) = (pushed.Personalization ?? "", pushed.Phone);
        }

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
        writer.WriteString("company_domain", contact.CompanyDomain);
        WriteStatusSummary(writer, data, lead);
        WriteCore(writer, contact, lead, "email", "first_name", "last_name", "company_name", "job_title");
        WriteOptionalContact(writer, contact.Website, phone, personalization);

        writer.WriteStartObject("payload");
        WriteCore(writer, contact, lead, "email", "firstName", "lastName", "companyName", jobTitle: null);
        WriteOptionalContact(writer, contact.Website, phone, personalization);
        if (lead.Pushed is { } sent)
        {
            sent.WriteCustomVariables(writer);
        }
        else
        {
            LeadCustomVariables.Write(writer, data, lead, contact.HasJobTitle);
        }

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

    /// <summary>
    /// The person fields, at the top level and again in the payload mirror (under camelCase names);
    /// an unset email or company name is omitted, as the API omits unset optional fields.
    /// </summary>
    private static void WriteCore(
        Utf8JsonWriter writer, LeadContact contact, LeadRecord lead, string email, string firstName, string lastName, string companyName, string? jobTitle)
    {
        if (contact.Email is not null)
        {
            writer.WriteString(email, contact.Email);
        }

        writer.WriteString(firstName, FirstName(lead));
        writer.WriteString(lastName, LastName(lead));
        if (contact.CompanyName is not null)
        {
            writer.WriteString(companyName, contact.CompanyName);
        }

        if (jobTitle is not null && contact.HasJobTitle)
        {
            writer.WriteString(jobTitle, lead.Pushed?.JobTitle ?? Vocabulary.JobTitles[lead.JobTitleIndex]);
        }
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
