namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Moves the business clock forward and changes the workspace the way a real one changes between
/// two syncs: sequences continue and new leads are contacted (new emails, a new analytics day),
/// late opens change recent days, a few emails land on exactly the previous newest
/// timestamp_created (the boundary a watermark must not skip), leads are rescored, new leads
/// arrive (some of them people already in another campaign), a campaign is renamed and campaigns gain a field they did not have before.
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
        var (newLeads, ofKnownPeople) = AddLeads(data, options, random, oldNow, newNow, spanDays);
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
            ofKnownPeople,
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

    /// <summary>
    /// Enrichment rescoring: payload, status and timestamp_updated change on about 1% of leads; on
    /// one in five of them the person's job title changed too (on this lead only, as re-enrichment
    /// touches one lead, so a person's leads may disagree until the next one).
    /// </summary>
    private static void Rescore(WorkspaceData data, Random random, long oldNow, long newNow, HashSet<LeadRecord> changed)
    {
        var count = Math.Min(data.Leads.Count, Math.Max(5, data.Leads.Count / 100));
        for (var i = 0; i < count; i++)
        {
            var lead = data.Leads[random.Next(data.Leads.Count)];
            lead.PayloadRevision++;
            if (lead.Status == 1 && !lead.Contacted && random.NextDouble() < 0.3)
            {
                lead.Status = 2;
            }

            if (random.NextDouble() < 0.2)
            {
                lead.JobTitleIndex = (byte)((lead.JobTitleIndex + 1 + random.Next(Vocabulary.JobTitles.Length - 1)) % Vocabulary.JobTitles.Length);
            }

            lead.UpdatedMs = Math.Max(lead.UpdatedMs + 1, oldNow + random.NextInt64(1, Math.Max(2, newNow - oldNow)));
            changed.Add(lead);
        }
    }

    /// <summary>
    /// Leads uploaded since the last clock value: about a quarter are people already in the
    /// workspace, added to a campaign they are not in yet (their address written another way), the
    /// rest new people.
    /// </summary>
    private static (int Count, int OfKnownPeople) AddLeads(WorkspaceData data, FakeOptions options, Random random, long oldNow, long newNow, double spanDays)
    {
        var count = Math.Max(3, (int)Math.Round(options.Leads / (double)options.Days * spanDays / 4));
        var created = Enumerable.Range(0, count)
            // A minute of headroom keeps timestamp_updated (created plus a few seconds) behind the clock.
            .Select(_ => oldNow + random.NextInt64(1000, Math.Max(2000, newNow - oldNow - ActivitySimulator.Minute)))
            .Order()
            .ToArray();
        var known = KnownPeople(data, random, count / 4);
        var fresh = new List<LeadRecord>(count);
        foreach (var ms in created)
        {
            if (known.Count > 0 && random.NextDouble() < 0.3)
            {
                var (person, campaigns, leads) = known[^1];
                known.RemoveAt(known.Count - 1);
                fresh.Add(LeadGenerator.Create(data, random, ms, OtherCampaign(data, random, campaigns), person, leads, several: true));
                continue;
            }

            var campaign = data.Campaigns.Count == 0 ? (short)-1 : (short)random.Next(data.Campaigns.Count);
            fresh.Add(LeadGenerator.Create(data, random, ms, campaign, data.NextPersonNumber++, 0, several: false));
        }

        var ofKnownPeople = fresh.Count(l => l.Occurrence > 0);

        // Appending in id order keeps the big list sorted without a full re-sort.
        fresh.Sort(WorkspaceData.ByLeadId);
        data.Leads.AddRange(fresh);
        data.Uncontacted.AddRange(fresh.Where(l => l.CampaignIndex >= 0 && l.Sendable));
        return (fresh.Count, ofKnownPeople);
    }

    /// <summary>
    /// Up to <paramref name="wanted"/> people with an address, picked from random leads, with the
    /// campaigns they are in (a bit per campaign index below 64) and how many leads they have: one
    /// pass over the leads, since nothing per person is stored.
    /// </summary>
    private static List<(int Person, ulong Campaigns, int Leads)> KnownPeople(WorkspaceData data, Random random, int wanted)
    {
        var people = new Dictionary<int, (ulong Campaigns, int Leads)>();
        for (var tries = 0; tries < wanted * 2 && people.Count < wanted && data.Leads.Count > 0; tries++)
        {
            var lead = data.Leads[random.Next(data.Leads.Count)];
            if (lead.Sendable)
            {
                people.TryAdd(lead.Person, (0, 0));
            }
        }

        if (people.Count == 0)
        {
            return [];
        }

        foreach (var lead in data.Leads)
        {
            if (people.TryGetValue(lead.Person, out var seen))
            {
                var bit = lead.CampaignIndex is >= 0 and < 64 ? 1UL << lead.CampaignIndex : 0;
                people[lead.Person] = (seen.Campaigns | bit, seen.Leads + 1);
            }
        }

        // Ordered by person, so the draw does not depend on the dictionary's order.
        return [.. people.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Campaigns, p.Value.Leads))];
    }

    /// <summary>A campaign the person is not in yet, or a lead list when they are in every one.</summary>
    private static short OtherCampaign(WorkspaceData data, Random random, ulong campaigns)
    {
        var count = data.Campaigns.Count;
        var start = count == 0 ? 0 : random.Next(count);
        for (var i = 0; i < count; i++)
        {
            var candidate = (start + i) % count;
            if (candidate >= 64 || (campaigns & (1UL << candidate)) == 0)
            {
                return (short)candidate;
            }
        }

        return -1;
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
