using System.Text.Json;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// The modeled layer of one workspace (SPEC §12) computed in C# from what the API serves: a pure
/// function from <see cref="ModelInput"/> to the rows every table and view should hold. Where the
/// spec leaves a choice open, the reading taken is written next to the rule.
/// </summary>
public static partial class ModelOracle
{
    public static ModelExpectation Compute(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var leads = input.Leads.Select(ReadLead).ToList();

        // "Most recently updated" first. Reading: equal timestamp_updated (or none) is broken by the
        // greater lead id, a UUIDv7, so the later-created lead wins; the spec names no tie-break.
        var byRecency = leads
            .OrderByDescending(l => l.Updated ?? DateTime.MinValue)
            .ThenByDescending(l => l.Row.InstantlyLeadId, StringComparer.Ordinal)
            .ToList();

        var people = Persons(byRecency);
        return new ModelExpectation(
            input.WorkspaceId,
            Companies(byRecency, people),
            people,
            [.. input.Campaigns.Select(c => Campaign(c, input.CampaignAnalytics)).OrderBy(c => c.CampaignId, StringComparer.Ordinal)],
            [.. leads.Select(l => l.Row).OrderBy(r => r.InstantlyLeadId, StringComparer.Ordinal)],
            Events(leads, input.Emails),
            CampaignDaily(input.DailyAnalytics),
            StepPerformance(input.StepAnalytics));
    }

    /// <summary>One Instantly lead: its campaign_leads row and what its person and company draw on.</summary>
    private sealed record LeadFacts(
        CampaignLeadRow Row,
        DateTime? Updated,
        string? Domain,
        string? CompanyName,
        string? FirstName,
        string? LastName,
        string? JobTitle,
        string? Phone,
        string? Website,
        string? Industry,
        string? CompanySize,
        decimal? Revenue,
        string? City,
        string? Country);

    private static LeadFacts ReadLead(string json)
    {
        using var document = JsonDocument.Parse(json);
        var lead = document.RootElement;
        var payload = lead.TryGetProperty("payload", out var p) ? p : default;
        var lastStep = lead.TryGetProperty("status_summary", out var summary) && summary.ValueKind == JsonValueKind.Object
            && summary.TryGetProperty("lastStep", out var step) && step.ValueKind == JsonValueKind.Object
            ? step
            : default;
        var apiStatus = (int?)Number(lead, "status");
        var lastContact = Time(lead, "timestamp_last_contact");
        var lastReply = Time(lead, "timestamp_last_reply");
        var replies = Number(lead, "email_reply_count");
        var rawEmail = Text(lead, "email");

        var row = new CampaignLeadRow(
            InstantlyLeadId: Text(lead, "id")!,
            CampaignId: Text(lead, "campaign"),
            Email: NormalizeEmail(rawEmail),
            LeadStatus: LeadStatus(apiStatus),
            // Reading: lastStep "exists" when it is an object (the API writes {} before the first send).
            Status: DerivedStatus((int?)replies, lastReply is not null, apiStatus, lastStep.ValueKind == JsonValueKind.Object, lastContact is not null),
            Interest: Interest((int?)Number(lead, "lt_interest_status")),
            LastStep: lastStep.ValueKind == JsonValueKind.Object ? Text(lastStep, "stepID") : null,
            Opens: Number(lead, "email_open_count"),
            Replies: replies,
            Clicks: Number(lead, "email_click_count"),
            AddedAt: Time(lead, "timestamp_created"),
            LastContactedAt: lastContact,
            RepliedAt: lastReply);

        return new LeadFacts(
            row,
            Time(lead, "timestamp_updated"),
            CompanyDomain(Text(lead, "company_domain"), Text(lead, "website"), rawEmail),
            Text(lead, "company_name"),
            Text(lead, "first_name"),
            Text(lead, "last_name"),
            // job_title from the payload only "when the lead has none" (absent or blank).
            NonBlank(Text(lead, "job_title")) ?? CustomVariable(payload, JobTitleKeys),
            Text(lead, "phone"),
            Text(lead, "website"),
            CustomVariable(payload, IndustryKeys),
            CustomVariable(payload, CompanySizeKeys),
            ParseRevenue(CustomVariable(payload, RevenueKeys)),
            CustomVariable(payload, CityKeys),
            CustomVariable(payload, CountryKeys));
    }

    /// <summary>
    /// One row per normalised email. Each column comes from the most recently updated lead with a
    /// non-empty value for it. Readings: a blank string is empty and values are kept as written;
    /// for revenue the value is the parsed number, so a lead whose revenue does not parse has none
    /// and an older lead's parsed figure wins; first_added_at is the earliest timestamp_created.
    /// </summary>
    private static List<PersonRow> Persons(List<LeadFacts> byRecency) =>
        [.. byRecency
            .Where(l => l.Row.Email is not null)
            .GroupBy(l => l.Row.Email!, StringComparer.Ordinal)
            .Select(person =>
            {
                string? Latest(Func<LeadFacts, string?> column) => person.Select(column).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
                return new PersonRow(
                    person.Key,
                    Latest(l => l.FirstName),
                    Latest(l => l.LastName),
                    Latest(l => l.Domain),
                    Latest(l => l.CompanyName),
                    Latest(l => l.JobTitle),
                    Latest(l => l.Phone),
                    Latest(l => l.Website),
                    Latest(l => l.Industry),
                    Latest(l => l.CompanySize),
                    person.Select(l => l.Revenue).FirstOrDefault(r => r is not null),
                    Latest(l => l.City),
                    Latest(l => l.Country),
                    HighestStatus(person.Select(l => l.Row.Status)),
                    person.Select(l => l.Row.CampaignId).Where(c => c is not null).Distinct(StringComparer.Ordinal).Count(),
                    person.Min(l => l.Row.AddedAt),
                    person.Max(l => l.Row.LastContactedAt),
                    person.Max(l => l.Row.RepliedAt));
            })
            .OrderBy(p => p.Email, StringComparer.Ordinal)];

    /// <summary>
    /// One row per company domain. Readings: "the company's Instantly leads" are the lead rows
    /// whose own derived domain is the company's — leads without an email included, since they are
    /// Instantly leads too — so a domain only such leads (or only a person's older leads) carry is
    /// a company with lead_count 0. Names compare exactly as written (case and spaces count); a
    /// tie goes to the name whose most recent lead is the most recently updated.
    /// </summary>
    private static List<CompanyRow> Companies(List<LeadFacts> byRecency, List<PersonRow> people)
    {
        var persons = people.Where(p => p.CompanyDomain is not null).GroupBy(p => p.CompanyDomain!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return [.. byRecency
            .Where(l => l.Domain is not null)
            .GroupBy(l => l.Domain!, StringComparer.Ordinal)
            .Select(company =>
            {
                // GroupBy keeps first-appearance order, which is recency order: on equal counts the
                // stable OrderByDescending leaves the name seen most recently first.
                var name = company
                    .Where(l => !string.IsNullOrWhiteSpace(l.CompanyName))
                    .GroupBy(l => l.CompanyName!, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count())
                    .Select(g => g.Key)
                    .FirstOrDefault();
                return new CompanyRow(
                    company.Key,
                    name,
                    persons.GetValueOrDefault(company.Key),
                    company.Min(l => l.Row.AddedAt),
                    company.Max(l => l.Updated));
            })
            .OrderBy(c => c.Domain, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Counts from the campaign's lifetime analytics row, all NULL when it has none. Reading: a
    /// campaign without <c>sequences[0].steps</c> has step_count 0.
    /// </summary>
    private static CampaignRow Campaign(string json, IReadOnlyDictionary<string, string> analytics)
    {
        using var document = JsonDocument.Parse(json);
        var campaign = document.RootElement;
        var id = Text(campaign, "id")!;
        using var totals = analytics.TryGetValue(id, out var row) ? JsonDocument.Parse(row) : null;
        long? Count(string name) => totals is null ? null : Number(totals.RootElement, name);

        var steps = campaign.TryGetProperty("sequences", out var sequences) && sequences.ValueKind == JsonValueKind.Array && sequences.GetArrayLength() > 0
            && sequences[0].TryGetProperty("steps", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.GetArrayLength()
            : 0;
        return new CampaignRow(
            id,
            Text(campaign, "name"),
            CampaignStatus((int?)Number(campaign, "status")),
            Time(campaign, "timestamp_created"),
            Count("leads_count"),
            Count("contacted_count"),
            Count("emails_sent_count"),
            Count("reply_count"),
            Count("bounced_count"),
            Count("unsubscribed_count"),
            steps);
    }

    /// <summary>
    /// lead_added per lead, one event per email. Readings: a lead_added event carries the lead's
    /// normalised email and campaign; an email event's email is its <c>lead</c> under the email rule
    /// (trimmed as well as lower-cased), its campaign is the email's own <c>campaign_id</c> (NULL on
    /// manual emails, which carry none) and its step the <c>step</c> id as written (<c>0_1_0</c>).
    /// </summary>
    private static List<EventRow> Events(List<LeadFacts> leads, IReadOnlyList<string> emails)
    {
        var events = leads
            .Select(l => new EventRow("instantly", l.Row.InstantlyLeadId, "lead_added", l.Row.AddedAt, l.Row.Email, l.Row.CampaignId, null, null, null))
            .ToList();
        foreach (var json in emails)
        {
            using var document = JsonDocument.Parse(json);
            var email = document.RootElement;
            if (EmailEventType((int?)Number(email, "ue_type")) is not { } type)
            {
                continue;
            }

            var id = Text(email, "id")!;
            events.Add(new EventRow(
                "instantly",
                id,
                type,
                Time(email, "timestamp_email") ?? Time(email, "timestamp_created"),
                NormalizeEmail(Text(email, "lead")),
                Text(email, "campaign_id"),
                Text(email, "step"),
                Text(email, "subject"),
                id));
        }

        return [.. events.OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.SourceId, StringComparer.Ordinal).ThenBy(e => e.EventType, StringComparer.Ordinal)];
    }

    /// <summary>Reading: per-campaign rows only; the workspace-wide series (no campaign) is not a campaign's day.</summary>
    private static List<CampaignDailyRow> CampaignDaily(IReadOnlyDictionary<string, IReadOnlyList<string>> daily) =>
        [.. daily
            .SelectMany(campaign => campaign.Value.Select(json =>
            {
                using var document = JsonDocument.Parse(json);
                var row = document.RootElement;
                var sent = Number(row, "sent");
                var replies = Number(row, "replies");
                return new CampaignDailyRow(
                    campaign.Key,
                    DateOnly.Parse(Text(row, "date")!, System.Globalization.CultureInfo.InvariantCulture),
                    sent,
                    Number(row, "opened"),
                    Number(row, "unique_opened"),
                    replies,
                    Number(row, "unique_replies"),
                    Number(row, "clicks"),
                    ReplyRate(replies, sent));
            }))
            .OrderBy(r => r.CampaignId, StringComparer.Ordinal)
            .ThenBy(r => r.Date)];

    private static List<StepPerformanceRow> StepPerformance(IReadOnlyDictionary<string, IReadOnlyList<string>> steps) =>
        [.. steps
            .SelectMany(campaign => campaign.Value.Select(json =>
            {
                using var document = JsonDocument.Parse(json);
                var row = document.RootElement;
                var sent = Number(row, "sent");
                var replies = Number(row, "replies");
                return new StepPerformanceRow(campaign.Key, Text(row, "step"), Text(row, "variant"), sent, replies, ReplyRate(replies, sent));
            }))
            .OrderBy(r => r.CampaignId, StringComparer.Ordinal)
            .ThenBy(r => r.Step, StringComparer.Ordinal)
            .ThenBy(r => r.Variant, StringComparer.Ordinal)];

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A string field, or a number/boolean as written; absent, null and nested values are NULL.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? ScalarText(value) : null;

    private static long? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    private static DateTime? Time(JsonElement element, string name) =>
        Text(element, name) is { } text
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal).UtcDateTime
            : null;
}
