namespace InstantlySync.FakeApi.Workspace;

/// <summary>One Unibox email in compact form; the JSON is written from it on demand.</summary>
internal sealed class EmailRecord
{
    public const sbyte NoStep = -1;

    public Id128 Id;

    /// <summary>Whole seconds, like the real API; the id's timestamp is the same instant.</summary>
    public long CreatedMs;
    public long EmailMs;
    public required LeadRecord Lead;
    public short CampaignIndex;
    public short AccountIndex;

    /// <summary>1 sent from campaign, 2 received, 3 sent manually, 4 scheduled.</summary>
    public byte UeType;
    public sbyte Step = NoStep;
    public byte Variant;
    public bool IsUnread;
    public bool IsAutoReply;
    public bool IsFocused;
    public bool AiAssisted;
    public bool HasCc;
    public sbyte InterestStatus = LeadRecord.NoInterest;

    /// <summary>Percent (0–100) or 255 when the email has no AI interest value.</summary>
    public byte AiInterestPercent = byte.MaxValue;

    /// <summary>Opens and clicks of an outbound email: not on the wire, but the analytics count them.</summary>
    public byte Opens;
    public byte Clicks;
    public uint Salt;

    public bool IsOutbound => UeType == 1;
}
