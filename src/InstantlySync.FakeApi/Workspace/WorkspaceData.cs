namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Everything the fake knows about one workspace. Not thread-safe by itself:
/// <see cref="WorkspaceStore"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class WorkspaceData
{
    public required int Seed { get; init; }

    public required string WorkspaceId { get; init; }

    public required string OwnerId { get; init; }

    public required string WorkspaceName { get; init; }

    public required long WorkspaceCreatedMs { get; init; }

    public required string[] ListIds { get; init; }

    public List<CampaignRecord> Campaigns { get; } = [];

    /// <summary>Accounts in generation order; a campaign's account indexes point into it.</summary>
    public List<AccountRecord> Accounts { get; } = [];

    /// <summary>All leads, ordered by id (the order of <c>POST /leads/list</c>).</summary>
    public List<LeadRecord> Leads { get; } = [];

    /// <summary>All emails, ordered by id, which is also timestamp_created order.</summary>
    public List<EmailRecord> Emails { get; } = [];

    /// <summary>The business clock, in Unix milliseconds.</summary>
    public long NowMs { get; set; }

    /// <summary>Bumped by each clock advance; from 1 on, campaigns carry a field they lacked before.</summary>
    public int Revision { get; set; }

    /// <summary>Leads whose sequence has a step still due.</summary>
    public List<LeadRecord> InProgress { get; } = [];

    /// <summary>Leads not yet contacted, in the order the campaigns will reach them.</summary>
    public List<LeadRecord> Uncontacted { get; } = [];

    public int UncontactedPosition { get; set; }

    public int NextLeadOrdinal { get; set; }

    /// <summary>The number the next new person gets (see <see cref="People"/>).</summary>
    public int NextPersonNumber { get; set; }

    /// <summary>How many companies people are spread over: about four people each.</summary>
    public required int CompanyCount { get; init; }

    /// <summary>The plan's uploaded-contacts limit (see <see cref="FakeOptions.UploadedContactsLimit"/>).</summary>
    public int UploadedContactsLimit { get; init; }

    /// <summary>What <c>POST /leads/add</c> answers as <c>remaining_in_plan</c>: the limit less every lead in a campaign.</summary>
    public int RemainingInPlan => Math.Max(0, UploadedContactsLimit - Campaigns.Sum(c => c.Leads.Count));

    /// <summary>Block list values (addresses and domains, lower case), for the checks of <c>POST /leads/add</c>.</summary>
    public HashSet<string> BlockList { get; } = new(StringComparer.Ordinal);

    /// <summary>The block list's entries in creation order.</summary>
    public List<BlockListEntry> BlockListEntries { get; } = [];

    /// <summary>Takes leads a client added: into the workspace, their campaign and the queue of leads the campaigns will reach.</summary>
    public void AddPushed(IReadOnlyList<LeadRecord> leads)
    {
        foreach (var lead in leads)
        {
            Leads.Add(lead);
            if (Campaign(lead.CampaignIndex) is { } campaign)
            {
                campaign.Leads.Add(lead);
                Uncontacted.Add(lead);
            }
        }

        Reindex();
    }

    /// <summary>Removes leads a client deleted from every list that holds them; their emails stay, as history.</summary>
    public void Delete(IReadOnlyCollection<LeadRecord> leads)
    {
        if (leads.Count == 0)
        {
            return;
        }

        var doomed = leads.ToHashSet();
        UncontactedPosition -= Uncontacted.Take(UncontactedPosition).Count(doomed.Contains);
        Uncontacted.RemoveAll(doomed.Contains);
        InProgress.RemoveAll(doomed.Contains);
        Leads.RemoveAll(doomed.Contains);
        foreach (var campaign in Campaigns)
        {
            campaign.Leads.RemoveAll(doomed.Contains);
        }
    }

    public static readonly Comparison<LeadRecord> ByLeadId = (a, b) => a.Id.CompareTo(b.Id);

    public static readonly Comparison<EmailRecord> ByEmailId = (a, b) => a.Id.CompareTo(b.Id);

    public CampaignRecord? Campaign(int index) => index < 0 ? null : Campaigns[index];

    public CampaignRecord? FindCampaign(string? id) =>
        id is null ? null : Campaigns.Find(c => string.Equals(c.IdText, id, StringComparison.OrdinalIgnoreCase));

    public long EarliestCampaignCreatedMs => Campaigns.Count == 0 ? NowMs : Campaigns.Min(c => c.CreatedMs);

    /// <summary>Sorts what an advance appended out of order and rebuilds the per-campaign lists.</summary>
    public void Reindex()
    {
        SortIfNeeded(Leads, ByLeadId);
        SortIfNeeded(Emails, ByEmailId);
        foreach (var campaign in Campaigns)
        {
            SortIfNeeded(campaign.Leads, ByLeadId);
            SortIfNeeded(campaign.Emails, ByEmailId);
        }
    }

    // Appends are nearly always in order already; checking first avoids re-sorting a million leads.
    private static void SortIfNeeded<T>(List<T> items, Comparison<T> comparison)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (comparison(items[i - 1], items[i]) > 0)
            {
                items.Sort(comparison);
                return;
            }
        }
    }
}
