namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>A row of <c>outreach.companies</c>: one per company domain.</summary>
public sealed record CompanyRow(string Domain, string? CompanyName, long LeadCount, DateTime? FirstSeenAt, DateTime? LastSeenAt);

/// <summary>A row of <c>outreach.leads</c>: one per person (normalised email).</summary>
public sealed record PersonRow(
    string Email,
    string? FirstName,
    string? LastName,
    string? CompanyDomain,
    string? CompanyName,
    string? JobTitle,
    string? Phone,
    string? Website,
    string? Industry,
    string? CompanySize,
    decimal? Revenue,
    string? City,
    string? Country,
    string Status,
    long CampaignCount,
    DateTime? FirstAddedAt,
    DateTime? LastContactedAt,
    DateTime? LastRepliedAt);

/// <summary>A row of <c>outreach.campaigns</c>.</summary>
public sealed record CampaignRow(
    string CampaignId,
    string? Name,
    string Status,
    DateTime? CreatedAt,
    long? LeadsCount,
    long? ContactedCount,
    long? EmailsSentCount,
    long? ReplyCount,
    long? BouncedCount,
    long? UnsubscribedCount,
    long StepCount);

/// <summary>A row of <c>outreach.campaign_leads</c>: one per Instantly lead.</summary>
public sealed record CampaignLeadRow(
    string InstantlyLeadId,
    string? CampaignId,
    string? Email,
    string LeadStatus,
    string Status,
    string? Interest,
    string? LastStep,
    long? Opens,
    long? Replies,
    long? Clicks,
    DateTime? AddedAt,
    DateTime? LastContactedAt,
    DateTime? RepliedAt);

/// <summary>A row of <c>outreach.events</c>.</summary>
public sealed record EventRow(
    string Source,
    string SourceId,
    string EventType,
    DateTime? EventAt,
    string? Email,
    string? CampaignId,
    string? Step,
    string? Subject,
    string? InstantlyEmailId);

/// <summary>A row of the view <c>outreach.campaign_daily</c>.</summary>
public sealed record CampaignDailyRow(
    string CampaignId, DateOnly Date, long? Sent, long? Opened, long? UniqueOpened, long? Replies, long? UniqueReplies, long? Clicks, decimal? ReplyRate);

/// <summary>A row of the view <c>outreach.step_performance</c>.</summary>
public sealed record StepPerformanceRow(string CampaignId, string? Step, string? Variant, long? Sent, long? Replies, decimal? ReplyRate);

/// <summary>Every modeled table and view of one workspace, as the oracle expects them.</summary>
public sealed record ModelExpectation(
    string WorkspaceId,
    IReadOnlyList<CompanyRow> Companies,
    IReadOnlyList<PersonRow> Leads,
    IReadOnlyList<CampaignRow> Campaigns,
    IReadOnlyList<CampaignLeadRow> CampaignLeads,
    IReadOnlyList<EventRow> Events,
    IReadOnlyList<CampaignDailyRow> CampaignDaily,
    IReadOnlyList<StepPerformanceRow> StepPerformance);
