namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// One lead in compact form: small numbers and indexes into <see cref="Vocabulary"/> instead of
/// strings, so a million of them fit in a little over 100 MB. JSON is written from it on demand.
/// </summary>
internal sealed class LeadRecord
{
    public const sbyte NoInterest = sbyte.MinValue;

    public Id128 Id;
    public long CreatedMs;
    public long UpdatedMs;

    /// <summary>-1 for a lead that sits in a lead list rather than a campaign.</summary>
    public short CampaignIndex;
    public short ListIndex;
    public int Ordinal;
    public int CompanyIndex;
    public uint Salt;

    /// <summary>What a client sent for a lead it added (<c>POST /leads/add</c>); null for generated leads.</summary>
    public PushedLead? Pushed;

    /// <summary>The person this lead is (see <see cref="People"/>); several leads may share one.</summary>
    public int Person;

    /// <summary>0 for the person's first lead, 1 for their second, and so on.</summary>
    public byte Occurrence;

    /// <summary>Index into <see cref="Vocabulary.FreeMailDomains"/>, or -1 for an address at the company's domain.</summary>
    public sbyte FreeMailIndex = -1;
    public byte LocalPartFormat;

    /// <summary>How this lead writes the person's address (case, surrounding spaces): see <c>LeadContact</c>.</summary>
    public byte EmailStyle;
    public bool WithoutEmail;
    public byte FirstNameIndex;
    public byte LastNameIndex;
    public byte JobTitleIndex;
    public byte IndustryIndex;
    public byte CityIndex;
    public byte PayloadRevision;

    /// <summary>Lead status enum: 1 active, 2 paused, 3 completed, -1 bounced, -2 unsubscribed.</summary>
    public sbyte Status = 1;
    public sbyte InterestStatus = NoInterest;
    public short EspCode;
    public sbyte VerificationStatus;

    public ushort OpenCount;
    public ushort ReplyCount;
    public ushort ClickCount;

    /// <summary>Sending account (index into the workspace's accounts), set at the first send.</summary>
    public short AccountIndex = -1;
    public byte Variant;
    public byte LastStep;
    public byte NextStep;
    public long LastStepMs;
    public long NextDueMs;
    public long LastOpenMs;
    public long LastReplyMs;
    public long LastClickMs;
    public long LastInterestChangeMs;

    public bool Contacted => LastStepMs != 0;

    /// <summary>A lead without an address can sit in a campaign but is never sent to.</summary>
    public bool Sendable => !WithoutEmail;
}
