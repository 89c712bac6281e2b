namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Campaign analytics computed from the emails themselves (sends, their opens and clicks, and
/// replies), bucketed by the UTC date of the event, so the figures always add up with the emails
/// and leads served. Computed per request: a window scan over a campaign's emails is cheap.
/// </summary>
internal static class Analytics
{
    /// <summary>Rows per date for one campaign, or summed over every campaign when <paramref name="campaign"/> is null.</summary>
    public static SortedDictionary<DateOnly, ActivityRow> Daily(WorkspaceData data, CampaignRecord? campaign, DateOnly start, DateOnly end)
    {
        var result = new SortedDictionary<DateOnly, ActivityRow>();
        foreach (var source in campaign is null ? data.Campaigns : [campaign])
        {
            var perDay = new Dictionary<DateOnly, ActivityCounter>();
            foreach (var email in InWindow(source, start, end))
            {
                var date = DateOf(email.CreatedMs);
                if (!perDay.TryGetValue(date, out var counter))
                {
                    perDay[date] = counter = new ActivityCounter();
                }

                counter.Add(email);
            }

            foreach (var (date, counter) in perDay)
            {
                if (!result.TryGetValue(date, out var row))
                {
                    result[date] = row = new ActivityRow();
                }

                row.Add(counter.ToRow());
            }
        }

        return result;
    }

    /// <summary>Rows per (step, variant) over the window, for one campaign or summed over all.</summary>
    public static SortedDictionary<(int Step, int Variant), ActivityRow> Steps(WorkspaceData data, CampaignRecord? campaign, DateOnly start, DateOnly end)
    {
        var result = new SortedDictionary<(int Step, int Variant), ActivityRow>();
        foreach (var source in campaign is null ? data.Campaigns : [campaign])
        {
            var perStep = new Dictionary<(int, int), ActivityCounter>();
            foreach (var email in InWindow(source, start, end))
            {
                if (email.Step == EmailRecord.NoStep || email.UeType is not (1 or 2))
                {
                    continue;
                }

                var key = (email.Step, email.Variant);
                if (!perStep.TryGetValue(key, out var counter))
                {
                    perStep[key] = counter = new ActivityCounter();
                }

                counter.Add(email);
            }

            foreach (var (key, counter) in perStep)
            {
                if (!result.TryGetValue(key, out var row))
                {
                    result[key] = row = new ActivityRow();
                }

                row.Add(counter.ToRow());
            }
        }

        return result;
    }

    /// <summary>Totals over the window; null for a campaign that has never sent (the API then returns no row).</summary>
    public static CampaignTotals? Totals(CampaignRecord campaign, DateOnly start, DateOnly end)
    {
        if (!campaign.Emails.Exists(e => e.IsOutbound))
        {
            return null;
        }

        var counter = new ActivityCounter();
        var openedByStep = new HashSet<(LeadRecord, int)>();
        var repliedByStep = new HashSet<(LeadRecord, int)>();
        var autoRepliedByStep = new HashSet<(LeadRecord, int)>();
        var clickedByStep = new HashSet<(LeadRecord, int)>();
        foreach (var email in InWindow(campaign, start, end))
        {
            counter.Add(email);
            var key = (email.Lead, (int)email.Step);
            if (email.IsOutbound && email.Opens > 0)
            {
                openedByStep.Add(key);
            }

            if (email.IsOutbound && email.Clicks > 0)
            {
                clickedByStep.Add(key);
            }

            if (email.UeType == 2)
            {
                (email.IsAutoReply ? autoRepliedByStep : repliedByStep).Add(key);
            }
        }

        var row = counter.ToRow();
        return new CampaignTotals(
            LeadsCount: campaign.Leads.Count,
            Activity: row,
            OpenedByStep: openedByStep.Count,
            RepliedByStep: repliedByStep.Count,
            AutoRepliedByStep: autoRepliedByStep.Count,
            ClickedByStep: clickedByStep.Count,
            Bounced: campaign.Leads.Count(l => l.Status == -1),
            Unsubscribed: campaign.Leads.Count(l => l.Status == -2),
            Completed: campaign.Leads.Count(l => l.Status == 3),
            OpportunityValue: row.UniqueOpportunities * campaign.PlValue);
    }

    public static DateOnly DateOf(long unixMs) => Json.JsonFormat.DateOf(unixMs);

    private static IEnumerable<EmailRecord> InWindow(CampaignRecord campaign, DateOnly start, DateOnly end)
    {
        var from = Json.JsonFormat.StartOfDayMs(start);
        var to = Json.JsonFormat.StartOfDayMs(end.AddDays(1));
        var emails = campaign.Emails;
        var index = LowerBound(emails, from);
        for (; index < emails.Count && emails[index].CreatedMs < to; index++)
        {
            yield return emails[index];
        }
    }

    /// <summary>First email created at or after <paramref name="unixMs"/>; the list is in timestamp order.</summary>
    public static int LowerBound(List<EmailRecord> emails, long unixMs)
    {
        int low = 0, high = emails.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (emails[mid].CreatedMs < unixMs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}

internal sealed record CampaignTotals(
    int LeadsCount,
    ActivityRow Activity,
    int OpenedByStep,
    int RepliedByStep,
    int AutoRepliedByStep,
    int ClickedByStep,
    int Bounced,
    int Unsubscribed,
    int Completed,
    int OpportunityValue);
