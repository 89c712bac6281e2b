namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Plays campaign sequences forward: sends steps, records opens, clicks, bounces, replies and
/// manual follow-ups, and keeps each lead's counters and status in step with its emails. The
/// generator uses it to build the history and the clock advance uses it to continue that history,
/// so the analytics (computed from the emails) always agree with the leads and emails served.
/// </summary>
internal sealed class ActivitySimulator(WorkspaceData data, Random random)
{
    public const long Minute = 60_000;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;

    private static readonly sbyte[] ReplyInterests = [1, 1, 2, -1, -2, 0, 3, 4, -1, 1];

    public int EmailsCreated { get; private set; }

    /// <summary>Starts a lead's sequence at <paramref name="startMs"/> and plays it up to <paramref name="untilMs"/>.</summary>
    public void Start(LeadRecord lead, long startMs, long untilMs)
    {
        var campaign = data.Campaigns[lead.CampaignIndex];
        lead.AccountIndex = (short)campaign.AccountIndexes[random.Next(campaign.AccountIndexes.Length)];
        var variants = campaign.Steps[0].Variants;
        var enabled = Enumerable.Range(0, variants.Length).Where(v => !variants[v].Disabled).ToArray();
        lead.Variant = (byte)enabled[random.Next(enabled.Length)];
        lead.NextStep = 0;
        lead.NextDueMs = WholeSecond(startMs);
        data.InProgress.Add(lead);
        Continue(lead, untilMs);
    }

    /// <summary>Sends every step of the lead's sequence that falls due up to <paramref name="untilMs"/>.</summary>
    public void Continue(LeadRecord lead, long untilMs)
    {
        var campaign = data.Campaigns[lead.CampaignIndex];
        while (lead.Status == 1 && lead.NextDueMs != 0 && lead.NextDueMs <= untilMs)
        {
            var at = lead.NextDueMs;
            var step = lead.NextStep;
            var variant = step == 0 ? lead.Variant : (byte)0;
            var email = AddEmail(lead, campaign, 1, at, (sbyte)step, variant);
            email.IsUnread = false;
            lead.LastStep = step;
            lead.LastStepMs = at + random.Next(1, 1000);
            Touch(lead, lead.LastStepMs);
            Engage(email, lead, campaign, untilMs);

            if (step == 0 && random.NextDouble() < 0.02)
            {
                Finish(lead, -1);
                break;
            }

            if (random.NextDouble() < 0.01)
            {
                Finish(lead, -2);
                break;
            }

            var replyAt = at + random.NextInt64(10 * Minute, 30 * Hour);
            if (random.NextDouble() < 0.07 && replyAt <= untilMs)
            {
                AddReply(lead, replyAt, untilMs);
                break;
            }

            if (step + 1 < campaign.Steps.Length)
            {
                lead.NextStep++;
                var delay = (campaign.Steps[step].DelayDays * Day) + random.NextInt64(-3 * Hour, 3 * Hour);
                lead.NextDueMs = WholeSecond(at + delay);
            }
            else
            {
                Finish(lead, 3);
            }
        }
    }

    /// <summary>A reply to the lead's latest step; with stop-on-reply the sequence ends there.</summary>
    public EmailRecord AddReply(LeadRecord lead, long atMs, long untilMs)
    {
        var campaign = data.Campaigns[lead.CampaignIndex];
        var variant = lead.LastStep == 0 ? lead.Variant : (byte)0;
        var reply = AddEmail(lead, campaign, 2, atMs, (sbyte)lead.LastStep, variant);
        reply.EmailMs = reply.CreatedMs - (random.Next(0, 20) * 1000L);
        reply.IsAutoReply = random.NextDouble() < 0.15;
        reply.IsFocused = !reply.IsAutoReply;
        reply.HasCc = random.NextDouble() < 0.1;
        lead.ReplyCount++;
        lead.LastReplyMs = reply.CreatedMs;
        Touch(lead, reply.CreatedMs);
        if (!reply.IsAutoReply)
        {
            var interest = ReplyInterests[random.Next(ReplyInterests.Length)];
            reply.InterestStatus = interest;
            reply.AiInterestPercent = (byte)(interest > 0 ? random.Next(60, 100) : random.Next(2, 45));
            lead.InterestStatus = interest;
            lead.LastInterestChangeMs = reply.CreatedMs;
            var followUpAt = reply.CreatedMs + random.NextInt64(Hour, 20 * Hour);
            if (interest > 0 && random.NextDouble() < 0.4 && followUpAt <= untilMs)
            {
                var manual = AddEmail(lead, campaign, 3, followUpAt, EmailRecord.NoStep, 0);
                manual.IsUnread = false;
                manual.AiAssisted = random.NextDouble() < 0.3;
                manual.HasCc = random.NextDouble() < 0.5;
                Touch(lead, manual.CreatedMs);
            }
        }

        Finish(lead, 3);
        return reply;
    }

    /// <summary>The next step, queued in the Unibox before it goes out.</summary>
    public void AddScheduled(LeadRecord lead, long createdMs)
    {
        var campaign = data.Campaigns[lead.CampaignIndex];
        var email = AddEmail(lead, campaign, 4, createdMs, (sbyte)lead.NextStep, 0);
        email.EmailMs = lead.NextDueMs;
        email.IsUnread = false;
    }

    /// <summary>An open that arrives days after the send; it changes that day's analytics.</summary>
    public static void AddLateOpen(EmailRecord email, long atMs)
    {
        var lead = email.Lead;
        email.Opens = (byte)Math.Min(email.Opens + 1, byte.MaxValue);
        lead.OpenCount++;
        lead.LastOpenMs = Math.Max(lead.LastOpenMs, atMs);
        Touch(lead, atMs);
    }

    public static long WholeSecond(long ms) => ms - (ms % 1000);

    private EmailRecord AddEmail(LeadRecord lead, CampaignRecord campaign, byte ueType, long atMs, sbyte step, byte variant)
    {
        var created = WholeSecond(atMs);
        var email = new EmailRecord
        {
            Id = Id128.Version7(DateTimeOffset.FromUnixTimeMilliseconds(created), random),
            CreatedMs = created,
            EmailMs = created,
            Lead = lead,
            CampaignIndex = (short)campaign.Index,
            AccountIndex = lead.AccountIndex,
            UeType = ueType,
            Step = step,
            Variant = variant,
            IsUnread = true,
            IsFocused = true,
            Salt = (uint)random.Next(),
        };
        data.Emails.Add(email);
        if (ueType != 3)
        {
            // Manual emails carry no campaign_id on the wire, so a campaign filter never finds them.
            campaign.Emails.Add(email);
        }

        EmailsCreated++;
        return email;
    }

    private void Engage(EmailRecord email, LeadRecord lead, CampaignRecord campaign, long untilMs)
    {
        if (campaign.OpenTracking && random.NextDouble() < 0.45)
        {
            email.Opens = (byte)random.Next(1, 4);
            lead.OpenCount += email.Opens;
            lead.LastOpenMs = Math.Min(untilMs, email.CreatedMs + random.NextInt64(5 * Minute, 20 * Hour));
            Touch(lead, lead.LastOpenMs);
        }

        if (campaign.LinkTracking && random.NextDouble() < 0.08)
        {
            email.Clicks = (byte)random.Next(1, 3);
            lead.ClickCount += email.Clicks;
            lead.LastClickMs = Math.Min(untilMs, email.CreatedMs + random.NextInt64(5 * Minute, 20 * Hour));
            Touch(lead, lead.LastClickMs);
        }
    }

    private static void Finish(LeadRecord lead, sbyte status)
    {
        lead.Status = status;
        lead.NextDueMs = 0;
    }

    private static void Touch(LeadRecord lead, long atMs) => lead.UpdatedMs = Math.Max(lead.UpdatedMs, atMs);
}
