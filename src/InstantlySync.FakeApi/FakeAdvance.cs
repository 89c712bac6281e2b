namespace InstantlySync.FakeApi;

/// <summary>What one clock advance changed.</summary>
/// <param name="Now">The business clock after the advance.</param>
/// <param name="NewEmails">Emails added, the boundary ones included.</param>
/// <param name="SameTimestampEmailIds">Emails whose timestamp_created equals the newest one before the advance.</param>
/// <param name="ChangedLeads">Existing leads whose counters, status or payload changed.</param>
/// <param name="NewLeads">Leads created since the previous clock value.</param>
/// <param name="NewLeadsOfKnownPeople">Of those, leads of people the workspace already had (added to another campaign).</param>
/// <param name="RenamedCampaignId">The campaign that got a new name.</param>
public sealed record FakeAdvance(
    DateTimeOffset Now,
    int NewEmails,
    IReadOnlyList<string> SameTimestampEmailIds,
    int ChangedLeads,
    int NewLeads,
    int NewLeadsOfKnownPeople,
    string? RenamedCampaignId);
