namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Moves the business clock forward and changes the workspace the way a real one changes between
/// two syncs: sequences continue and new leads are contacted (new emails, a new analytics day),
/// late opens change recent days, a few emails land on exactly the previous newest
/// timestamp_created (the boundary a watermark must not skip), leads are rescored, new leads
/// arrive, a campaign is renamed and campaigns gain a field they did not have before.
/// </summary>
internal static class ClockAdvancer
{
    private const long Hour = ActivitySimulator.Hour;
    private const long Day = ActivitySimulator.Day;

    public static FakeAdvance Advance(WorkspaceData data, FakeOptions options, TimeSpan by)
    {
        if (by <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The clock only moves forward.");
        }

        data.Revision++;
        var random = new Random(unchecked((options.Seed * 1_000_003) + data.Revision));
        var simulator = new ActivitySimulator(data, random);
        var oldNow = data.NowMs;
        var newNow = oldNow + (long)by.TotalMilliseconds;
        var spanDays = by.TotalDays;
        var emailsBefore = data.Emails.Count;
        var changed = new HashSet<LeadRecord>();

        var sameTimestampIds = AddBoundaryReplies(data, simulator, random, oldNow, changed);
        AddLateOpens(data, random, oldNow, newNow, changed);

        foreach (var lead in data.InProgress.ToArray())
        {
            var lastStep = lead.LastStepMs;
            if (data.Campaigns[lead.CampaignIndex].Status == 1)
            {
                simulator.Continue(lead, newNow);
            }

            if (lead.LastStepMs != lastStep)
            {
                changed.Add(lead);
            }
        }

        var starts = Math.Max(3, (int)Math.Round(options.Emails / (double)options.Days / 2.5 * spanDays));
        for (var started = 0; started < starts && data.UncontactedPosition < data.Uncontacted.Count; data.UncontactedPosition++)
        {
            var lead = data.Uncontacted[data.UncontactedPosition];
            if (lead.Contacted || data.Campaigns[lead.CampaignIndex] is not { Status: 1, AccountIndexes.Length: > 0 })
            {
                continue;
            }

            simulator.Start(lead, oldNow + random.NextInt64(1000, Math.Max(2000, newNow - oldNow)), newNow);
            started++;
        }

        data.InProgress.RemoveAll(l => l.Status != 1 || l.NextDueMs == 0);
        Rescore(data, random, oldNow, newNow, changed);
        var newLeads = AddLeads(data, options, random, oldNow, newNow, spanDays);
        var renamed = Rename(data, oldNow, newNow);
        data.NowMs = newNow;
        data.Reindex();

        var newEmails = data.Emails.Count - emailsBefore;
        return new FakeAdvance(
            DateTimeOffset.FromUnixTimeMilliseconds(newNow),
            newEmails,
            sameTimestampIds,
            changed.Count,
            newLeads,
            renamed?.IdText);
    }

    /// <summary>Replies stored with exactly the newest timestamp_created seen so far.</summary>
    private static List<string> AddBoundaryReplies(
        WorkspaceData data, ActivitySimulator simulator, Random random, long oldNow, HashSet<LeadRecord> changed)
    {
        if (data.Emails.Count == 0)
        {
            return [];
        }

        var boundary = data.Emails.Max(e => e.CreatedMs);
        var candidates = data.Emails
            .Where(e => e.IsOutbound && e.Lead.ReplyCount == 0 && e.Lead.Status is 1 or 3 && e.CreatedMs < boundary)
            .Select(e => e.Lead)
            .Distinct()
            .ToList();
        var ids = new List<string>();
        for (var i = 0; i < 3 && candidates.Count > 0; i++)
        {
            var lead = candidates[random.Next(candidates.Count)];
            candidates.Remove(lead);
            ids.Add(simulator.AddReply(lead, boundary, oldNow).Id.ToString());
            changed.Add(lead);
        }

        return ids;
    }

    private static void AddLateOpens(WorkspaceData data, Random random, long oldNow, long newNow, HashSet<LeadRecord> changed)
    {
        var from = Analytics.LowerBound(data.Emails, oldNow - (3 * Day));
        for (var i = from; i < data.Emails.Count; i++)
        {
            var email = data.Emails[i];
            if (email.IsOutbound && data.Campaigns[email.CampaignIndex].OpenTracking && random.NextDouble() < 0.2)
            {
                ActivitySimulator.AddLateOpen(email, Math.Min(newNow, oldNow + random.NextInt64(Hour / 2, Hour)));
                changed.Add(email.Lead);
            }
        }
    }

    /// <summary>Enrichment rescoring: payload, status and timestamp_updated change on a few leads.</summary>
    private static void Rescore(WorkspaceData data, Random random, long oldNow, long newNow, HashSet<LeadRecord> changed)
    {
        var count = Math.Min(data.Leads.Count, Math.Max(5, data.Leads.Count / 200));
        for (var i = 0; i < count; i++)
        {
            var lead = data.Leads[random.Next(data.Leads.Count)];
            lead.PayloadRevision++;
            if (lead.Status == 1 && !lead.Contacted && random.NextDouble() < 0.3)
            {
                lead.Status = 2;
            }

            lead.UpdatedMs = Math.Max(lead.UpdatedMs + 1, oldNow + random.NextInt64(1, Math.Max(2, newNow - oldNow)));
            changed.Add(lead);
        }
    }

    private static int AddLeads(WorkspaceData data, FakeOptions options, Random random, long oldNow, long newNow, double spanDays)
    {
        var count = Math.Max(3, (int)Math.Round(options.Leads / (double)options.Days * spanDays / 4));
        var created = Enumerable.Range(0, count)
            // A minute of headroom keeps timestamp_updated (created plus a few seconds) behind the clock.
            .Select(_ => oldNow + random.NextInt64(1000, Math.Max(2000, newNow - oldNow - ActivitySimulator.Minute)))
            .Order()
            .ToArray();
        var fresh = new List<LeadRecord>(count);
        foreach (var ms in created)
        {
            var campaign = data.Campaigns.Count == 0 ? (short)-1 : (short)random.Next(data.Campaigns.Count);
            fresh.Add(LeadGenerator.Create(data, random, ms, campaign));
        }

        // Appending in id order keeps the big list sorted without a full re-sort.
        fresh.Sort(WorkspaceData.ByLeadId);
        data.Leads.AddRange(fresh);
        data.Uncontacted.AddRange(fresh.Where(l => l.CampaignIndex >= 0));
        return fresh.Count;
    }

    private static CampaignRecord? Rename(WorkspaceData data, long oldNow, long newNow)
    {
        if (data.Campaigns.Count == 0)
        {
            return null;
        }

        var campaign = data.Campaigns[(data.Revision - 1) % data.Campaigns.Count];
        campaign.Name = $"{campaign.Name.Split(" (rev ")[0]} (rev {data.Revision})";
        campaign.UpdatedMs = Math.Max(campaign.UpdatedMs + 1, newNow - Math.Min(Hour, (newNow - oldNow) / 2));
        return campaign;
    }
}
