using InstantlySync.FakeApi.Json;

namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// The people leads are made of. A person is a number; everything about them (name, address,
/// company, whether they use a free-mail box) follows from the workspace seed and that number, so
/// nothing per person is stored and a clock advance can add an existing person to another
/// campaign. About one person in five is in two or three campaigns (or a campaign and a lead list),
/// as people are in real workspaces.
/// </summary>
internal static class People
{
    /// <summary>How many leads a person has: 80% one, 14% two, 6% three (1.26 leads per person).</summary>
    private static int LeadsPerPerson(Random random) => random.Next(100) switch
    {
        < 80 => 1,
        < 94 => 2,
        _ => 3,
    };

    /// <summary>
    /// The person behind each of <paramref name="count"/> new leads, shuffled so a person's leads fall
    /// at different times. Each slot packs the person number, whether the person has several leads
    /// and the lead's position among them (<see cref="Slot"/>).
    /// </summary>
    public static int[] Slots(WorkspaceData data, int count, Random random)
    {
        var slots = new int[count];
        var filled = 0;
        while (filled < count)
        {
            var person = data.NextPersonNumber++;
            var leads = Math.Min(LeadsPerPerson(random), count - filled);
            for (var occurrence = 0; occurrence < leads; occurrence++)
            {
                slots[filled++] = (person << 3) | (leads > 1 ? 4 : 0) | occurrence;
            }
        }

        random.Shuffle(slots);
        return slots;
    }

    public static (int Person, bool Several, int Occurrence) Slot(int slot) => (slot >> 3, (slot & 4) != 0, slot & 3);

    /// <summary>What never changes about a person, derived from the seed and their number.</summary>
    public static PersonTraits Traits(WorkspaceData data, int person)
    {
        var drawn = JsonFormat.Mix(((ulong)(uint)data.Seed << 32) | (uint)person);
        var bits = drawn;
        var freeMail = bits % 100 < 12;
        bits /= 100;
        var traits = new PersonTraits
        {
            FirstNameIndex = (byte)Take(ref bits, Vocabulary.PersonFirstNames.Length),
            LastNameIndex = (byte)Take(ref bits, Vocabulary.PersonLastNames.Length),
            FreeMailIndex = (sbyte)(freeMail ? Take(ref bits, Vocabulary.FreeMailDomains.Length) : -1),
            CompanyIndex = Take(ref bits, data.CompanyCount),
        };

        // A second draw: a million companies would exhaust the first one's 64 bits.
        bits = JsonFormat.Mix(drawn ^ 0x6A09E667F3BCC908UL);
        return traits with
        {
            LocalPartFormat = (byte)Take(ref bits, 4),
            // Most people are written in lower case; a few were uploaded capitalised from the start.
            EmailStyle = (byte)(Take(ref bits, 100) < 8 ? 1 : 0),
            // Only a person with a single lead (0.8 / 1.26 of leads) may lack an address: about 1% of leads.
            WithoutEmail = Take(ref bits, 1000) < 16,
            CampaignOffset = Take(ref bits, 1 << 12),
            JobTitleIndex = (byte)Take(ref bits, Vocabulary.JobTitles.Length),
        };
    }

    // Names as they appear in addresses, worked out once: this runs for every lead and email served.
    private static readonly string[] FirstNameParts = [.. Vocabulary.PersonFirstNames.Select(n => n.ToLowerInvariant())];
    private static readonly string[] LastNameParts = [.. Vocabulary.PersonLastNames.Select(n => n.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())];

    /// <summary>The person's address as a mail server sees it: trimmed and lower-case.</summary>
    public static string Address(LeadRecord lead)
    {
        if (lead.Pushed is { } pushed)
        {
            return pushed.Email.ToLowerInvariant();
        }

        var first = FirstNameParts[lead.FirstNameIndex];
        var last = LastNameParts[lead.LastNameIndex];
        var local = lead.LocalPartFormat switch
        {
            0 => $"{first}.{last}",
            1 => first,
            2 => $"{first[0]}.{last}",
            _ => first + last,
        };

        // The person number makes the address unique; names are letters only, so no two numbers collide.
        return $"{local}{lead.Person}@{MailDomain(lead)}";
    }

    /// <summary>The domain of the person's address: their company's, or a free-mail provider.</summary>
    public static string MailDomain(LeadRecord lead) =>
        lead.FreeMailIndex >= 0 ? Vocabulary.FreeMailDomains[lead.FreeMailIndex] : Vocabulary.CompanyDomain(lead.CompanyIndex);

    /// <summary>The company the person works for, as the modeled layer should find it; null for a free-mail person.</summary>
    public static string? CompanyDomain(LeadRecord lead) => lead.Pushed is { } pushed
        ? pushed.Domain
        : lead.FreeMailIndex >= 0 ? null : Vocabulary.CompanyDomain(lead.CompanyIndex);

    /// <summary>A number below <paramref name="range"/> from the low end of <paramref name="bits"/>, which it consumes.</summary>
    public static int Take(ref ulong bits, int range)
    {
        var value = (int)(bits % (ulong)range);
        bits /= (ulong)range;
        return value;
    }
}

/// <summary>See <see cref="People.Traits"/>.</summary>
internal readonly record struct PersonTraits
{
    public byte FirstNameIndex { get; init; }
    public byte LastNameIndex { get; init; }
    public sbyte FreeMailIndex { get; init; }
    public int CompanyIndex { get; init; }
    public byte LocalPartFormat { get; init; }
    public byte EmailStyle { get; init; }
    public bool WithoutEmail { get; init; }
    public byte JobTitleIndex { get; init; }

    /// <summary>Where the person's campaigns start: their n-th lead goes to campaign (offset + n) mod campaigns.</summary>
    public int CampaignOffset { get; init; }
}
