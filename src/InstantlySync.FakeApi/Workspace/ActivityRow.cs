namespace InstantlySync.FakeApi.Workspace;

/// <summary>The counters shared by the daily and step analytics rows.</summary>
internal sealed class ActivityRow
{
    public int Sent { get; set; }
    public int Contacted { get; set; }
    public int NewLeadsContacted { get; set; }
    public int Opened { get; set; }
    public int UniqueOpened { get; set; }
    public int Replies { get; set; }
    public int UniqueReplies { get; set; }
    public int RepliesAutomatic { get; set; }
    public int UniqueRepliesAutomatic { get; set; }
    public int Clicks { get; set; }
    public int UniqueClicks { get; set; }
    public int Opportunities { get; set; }
    public int UniqueOpportunities { get; set; }

    /// <summary>Sums per-campaign rows: the workspace-wide series is the sum over campaigns.</summary>
    public void Add(ActivityRow other)
    {
        Sent += other.Sent;
        Contacted += other.Contacted;
        NewLeadsContacted += other.NewLeadsContacted;
        Opened += other.Opened;
        UniqueOpened += other.UniqueOpened;
        Replies += other.Replies;
        UniqueReplies += other.UniqueReplies;
        RepliesAutomatic += other.RepliesAutomatic;
        UniqueRepliesAutomatic += other.UniqueRepliesAutomatic;
        Clicks += other.Clicks;
        UniqueClicks += other.UniqueClicks;
        Opportunities += other.Opportunities;
        UniqueOpportunities += other.UniqueOpportunities;
    }
}

/// <summary>Counts events of one bucket, with the distinct leads behind the "unique" figures.</summary>
internal sealed class ActivityCounter
{
    private readonly ActivityRow _row = new();
    private readonly HashSet<LeadRecord> _contacted = [];
    private readonly HashSet<LeadRecord> _opened = [];
    private readonly HashSet<LeadRecord> _replied = [];
    private readonly HashSet<LeadRecord> _autoReplied = [];
    private readonly HashSet<LeadRecord> _clicked = [];
    private readonly HashSet<LeadRecord> _opportunities = [];

    public void Add(EmailRecord email)
    {
        if (email.IsOutbound)
        {
            _row.Sent++;
            _contacted.Add(email.Lead);
            if (email.Step == 0)
            {
                _row.NewLeadsContacted++;
            }

            if (email.Opens > 0)
            {
                _row.Opened += email.Opens;
                _opened.Add(email.Lead);
            }

            if (email.Clicks > 0)
            {
                _row.Clicks += email.Clicks;
                _clicked.Add(email.Lead);
            }
        }
        else if (email.UeType == 2 && email.IsAutoReply)
        {
            _row.RepliesAutomatic++;
            _autoReplied.Add(email.Lead);
        }
        else if (email.UeType == 2)
        {
            _row.Replies++;
            _replied.Add(email.Lead);
            if (email.InterestStatus is >= 1 and <= 4)
            {
                _row.Opportunities++;
                _opportunities.Add(email.Lead);
            }
        }
    }

    public ActivityRow ToRow()
    {
        _row.Contacted = _contacted.Count;
        _row.UniqueOpened = _opened.Count;
        _row.UniqueReplies = _replied.Count;
        _row.UniqueRepliesAutomatic = _autoReplied.Count;
        _row.UniqueClicks = _clicked.Count;
        _row.UniqueOpportunities = _opportunities.Count;
        return _row;
    }
}
