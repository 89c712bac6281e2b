namespace InstantlySync.Report;

/// <summary>
/// What <c>instantly-sync report</c> shows (README, "The campaign report"): the figures of every
/// selected workspace over one window. The console, <c>--json</c> and <c>--html</c> all render this one
/// value, so their numbers cannot disagree.
/// </summary>
internal sealed record ReportDocument(ReportWindow Window, IReadOnlyList<WorkspaceReport> Workspaces);

/// <summary>The analytics window: both dates inclusive, UTC.</summary>
internal sealed record ReportWindow(DateOnly From, DateOnly To);

/// <summary>One workspace's figures. <see cref="Name"/> is the configured name, <see cref="WorkspaceId"/> Instantly's id.</summary>
internal sealed record WorkspaceReport(
    string Name,
    string WorkspaceId,
    IReadOnlyList<CampaignFigures> Campaigns,
    IReadOnlyList<StepFigures> Steps,
    IReadOnlyList<DailyFigures> Daily,
    LeadsByStatus LeadsByStatus,
    ReportTotals Totals);

/// <summary>
/// One campaign: <see cref="Sent"/>, <see cref="UniqueOpened"/> and <see cref="Replies"/> are sums over the
/// window; <see cref="Leads"/>, <see cref="Bounced"/> and <see cref="Unsubscribed"/> are lifetime figures,
/// null when the campaign has no analytics.
/// </summary>
internal sealed record CampaignFigures(
    string CampaignId,
    string? Name,
    string Status,
    long? Leads,
    long Sent,
    long UniqueOpened,
    long Replies,
    decimal? ReplyRate,
    long? Bounced,
    long? Unsubscribed);

/// <summary>One step and variant of a campaign, lifetime (the API gives step analytics no window).</summary>
internal sealed record StepFigures(string CampaignId, string? Step, string? Variant, long Sent, long Replies, decimal? ReplyRate);

/// <summary>One day of the window, all campaigns of the workspace together.</summary>
internal sealed record DailyFigures(DateOnly Date, long Sent, long Replies);

/// <summary>The workspace's Instantly leads (campaign_leads rows) by derived status, lifetime.</summary>
internal sealed record LeadsByStatus(long Replied, long Bounced, long Emailed, long NotYetEmailed);

/// <summary>The workspace's campaigns added up; <see cref="ReplyRate"/> is recomputed from the sums.</summary>
internal sealed record ReportTotals(long Sent, long UniqueOpened, long Replies, decimal? ReplyRate, long Bounced, long Unsubscribed);
