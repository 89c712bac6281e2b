namespace InstantlySync.FakeApi.Workspace;

internal static class LeadGenerator
{
    private static readonly short[] EspCodes = [1, 1, 2, 2, 1, 3, 9, 999, 1000, 1000];
    private static readonly sbyte[] VerificationStatuses = [1, 1, 1, 1, 1, -3, -2, 11];

    /// <summary>Ways a lead writes its person's address; a person's later leads each take the next one.</summary>
    public const int EmailStyles = 5;

    /// <summary>Adds <paramref name="count"/> leads created between the history start and now, in id order.</summary>
    public static void Add(WorkspaceData data, int count, Random random, long historyStart, long nowMs)
    {
        var slots = People.Slots(data, count, random);
        var created = new (long Ms, int Order)[count];
        var campaigns = new short[count];
        for (var i = 0; i < count; i++)
        {
            var campaign = PickCampaign(data, random, slots[i]);
            var from = Math.Max(historyStart - (5 * ActivitySimulator.Day), campaign < 0 ? 0 : data.Campaigns[campaign].CreatedMs);
            campaigns[i] = campaign;
            created[i] = (from + random.NextInt64(0, Math.Max(1, nowMs - ActivitySimulator.Minute - from)), i);
        }

        Array.Sort(created);
        foreach (var (ms, order) in created)
        {
            var (person, several, occurrence) = People.Slot(slots[order]);
            data.Leads.Add(Create(data, random, ms, campaigns[order], person, occurrence, several));
        }

        data.Leads.Sort(WorkspaceData.ByLeadId);
    }

    /// <summary>
    /// About 3% of leads sit in a lead list without a campaign. A person with several leads is in a
    /// different campaign with each (or, for a later lead, sometimes in a list instead).
    /// </summary>
    private static short PickCampaign(WorkspaceData data, Random random, int slot)
    {
        var sending = data.Campaigns.Count;
        var (person, several, occurrence) = People.Slot(slot);
        if (sending == 0 || random.NextDouble() < (occurrence > 0 ? 0.15 : 0.03))
        {
            return -1;
        }

        if (!several)
        {
            return (short)random.Next(sending);
        }

        return occurrence < sending ? (short)((People.Traits(data, person).CampaignOffset + occurrence) % sending) : (short)-1;
    }

    /// <summary>One new lead of a person; also used by the clock advance for leads uploaded since the last run.</summary>
    /// <param name="occurrence">How many leads the person had before this one.</param>
    /// <param name="several">Whether the person has (or will have) other leads: only a single-lead person may lack an address.</param>
    public static LeadRecord Create(WorkspaceData data, Random random, long createdMs, short campaignIndex, int person, int occurrence, bool several)
    {
        var traits = People.Traits(data, person);
        var lead = new LeadRecord
        {
            Id = Id128.Version7(DateTimeOffset.FromUnixTimeMilliseconds(createdMs), random),
            CreatedMs = createdMs,
            UpdatedMs = createdMs + random.Next(0, 5000),
            CampaignIndex = campaignIndex,
            ListIndex = (short)(campaignIndex < 0 ? random.Next(data.ListIds.Length) : -1),
            Ordinal = data.NextLeadOrdinal++,
            CompanyIndex = traits.CompanyIndex,
            Salt = (uint)random.Next(),
            Person = person,
            Occurrence = (byte)Math.Min(occurrence, byte.MaxValue),
            FreeMailIndex = traits.FreeMailIndex,
            LocalPartFormat = traits.LocalPartFormat,
            // Each later lead writes the address differently from the earlier ones (case, spaces).
            EmailStyle = (byte)((traits.EmailStyle + occurrence) % EmailStyles),
            WithoutEmail = traits.WithoutEmail && !several && occurrence == 0,
            FirstNameIndex = traits.FirstNameIndex,
            LastNameIndex = traits.LastNameIndex,
            JobTitleIndex = traits.JobTitleIndex,
            EspCode = EspCodes[random.Next(EspCodes.Length)],
            VerificationStatus = VerificationStatuses[random.Next(VerificationStatuses.Length)],
        };
        (lead.IndustryIndex, lead.CityIndex) = Firmographics.Place(data, lead);
        if (campaignIndex >= 0)
        {
            data.Campaigns[campaignIndex].Leads.Add(lead);
        }

        return lead;
    }
}
