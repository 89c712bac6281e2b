namespace InstantlySync.FakeApi.Workspace;

internal static class LeadGenerator
{
    private static readonly short[] EspCodes = [1, 1, 2, 2, 1, 3, 9, 999, 1000, 1000];
    private static readonly sbyte[] VerificationStatuses = [1, 1, 1, 1, 1, -3, -2, 11];

    /// <summary>Adds <paramref name="count"/> leads created between the history start and now, in id order.</summary>
    public static void Add(WorkspaceData data, int count, Random random, long historyStart, long nowMs)
    {
        var sending = data.Campaigns.Count;
        var created = new (long Ms, int Order)[count];
        var campaigns = new short[count];
        for (var i = 0; i < count; i++)
        {
            // About 3% of leads sit in a lead list without a campaign.
            var campaign = sending == 0 || random.NextDouble() < 0.03 ? -1 : random.Next(sending);
            var from = Math.Max(historyStart - (5 * ActivitySimulator.Day), campaign < 0 ? 0 : data.Campaigns[campaign].CreatedMs);
            campaigns[i] = (short)campaign;
            created[i] = (from + random.NextInt64(0, Math.Max(1, nowMs - ActivitySimulator.Minute - from)), i);
        }

        Array.Sort(created);
        foreach (var (ms, order) in created)
        {
            data.Leads.Add(Create(data, random, ms, campaigns[order]));
        }

        data.Leads.Sort(WorkspaceData.ByLeadId);
    }

    /// <summary>One new lead; also used by the clock advance for leads uploaded since the last run.</summary>
    public static LeadRecord Create(WorkspaceData data, Random random, long createdMs, short campaignIndex)
    {
        var lead = new LeadRecord
        {
            Id = Id128.Version7(DateTimeOffset.FromUnixTimeMilliseconds(createdMs), random),
            CreatedMs = createdMs,
            UpdatedMs = createdMs + random.Next(0, 5000),
            CampaignIndex = campaignIndex,
            ListIndex = (short)(campaignIndex < 0 ? random.Next(data.ListIds.Length) : -1),
            Ordinal = data.NextLeadOrdinal++,
            CompanyIndex = random.Next(0, 5_000),
            Salt = (uint)random.Next(),
            FirstNameIndex = (byte)random.Next(Vocabulary.FirstNames.Length),
            LastNameIndex = (byte)random.Next(Vocabulary.LastNames.Length),
            JobTitleIndex = (byte)random.Next(Vocabulary.JobTitles.Length),
            IndustryIndex = (byte)random.Next(Vocabulary.Industries.Length),
            CityIndex = (byte)random.Next(Vocabulary.Cities.Length),
            EspCode = EspCodes[random.Next(EspCodes.Length)],
            VerificationStatus = VerificationStatuses[random.Next(VerificationStatuses.Length)],
        };
        if (campaignIndex >= 0)
        {
            data.Campaigns[campaignIndex].Leads.Add(lead);
        }

        return lead;
    }
}
