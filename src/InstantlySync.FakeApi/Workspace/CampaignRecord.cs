namespace InstantlySync.FakeApi.Workspace;

internal sealed class CampaignRecord
{
    public required int Index { get; init; }

    public required Id128 Id { get; init; }

    public required string IdText { get; init; }

    public required string Name { get; set; }

    /// <summary>Campaign status enum: 0 draft, 1 active, 2 paused, 3 completed.</summary>
    public required int Status { get; set; }

    public required long CreatedMs { get; init; }

    public required long UpdatedMs { get; set; }

    /// <summary>Indexes into the workspace's accounts: the campaign's <c>email_list</c>.</summary>
    public required int[] AccountIndexes { get; init; }

    public required SequenceStep[] Steps { get; init; }

    public required int DailyLimit { get; init; }

    public required bool OpenTracking { get; init; }

    public required bool LinkTracking { get; init; }

    public required bool IsEvergreen { get; init; }

    public required string Timezone { get; init; }

    public required int PlValue { get; init; }

    public List<LeadRecord> Leads { get; } = [];

    /// <summary>This campaign's emails, in id order (which is timestamp_created order).</summary>
    public List<EmailRecord> Emails { get; } = [];

    public bool Sends => Status != 0;
}

internal sealed record SequenceStep(int DelayDays, SequenceVariant[] Variants);

internal sealed record SequenceVariant(string Subject, string Body, bool Disabled);
