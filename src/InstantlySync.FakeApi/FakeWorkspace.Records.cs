using InstantlySync.FakeApi.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi;

/// <summary>
/// The oracle, for tests: each method returns the exact JSON text the API serves for each record
/// (same writer, same bytes), read under the same lock as the HTTP endpoints.
/// </summary>
public sealed partial class FakeWorkspace
{
    /// <summary>Creation time of the earliest campaign: where "lifetime" analytics windows start.</summary>
    public DateTimeOffset EarliestCampaignCreated => Store.Read(d => DateTimeOffset.FromUnixTimeMilliseconds(d.EarliestCampaignCreatedMs));

    public int LeadCount => Store.Read(d => d.Leads.Count);

    public int EmailCount => Store.Read(d => d.Emails.Count);

    /// <summary>Campaign id → JSON, as in <c>GET /campaigns</c> items.</summary>
    public IReadOnlyDictionary<string, string> Campaigns() =>
        Store.Read(d => d.Campaigns.ToDictionary(c => c.IdText, c => JsonFormat.ToText(w => CampaignJson.Write(w, d, c)), StringComparer.Ordinal));

    /// <summary>Account email → JSON, as in <c>GET /accounts</c> items.</summary>
    public IReadOnlyDictionary<string, string> Accounts() =>
        Store.Read(d => d.Accounts.ToDictionary(a => a.Email, a => JsonFormat.ToText(w => AccountJson.Write(w, d, a)), StringComparer.Ordinal));

    /// <summary>The block list's values (addresses and domains, lower case), in the order they were added.</summary>
    public IReadOnlyList<string> BlockList() => Store.Read(d => d.BlockListEntries.Select(e => e.Value).ToList());

    /// <summary>What <c>POST /leads/add</c> would answer as <c>remaining_in_plan</c> now.</summary>
    public int RemainingInPlan => Store.Read(d => d.RemainingInPlan);

    /// <summary>Lead id → JSON, as in <c>POST /leads/list</c> items.</summary>
    public IReadOnlyDictionary<string, string> Leads() =>
        Store.Read(d => d.Leads.ToDictionary(l => l.Id.ToString(), l => JsonFormat.ToText(w => LeadJson.Write(w, d, l)), StringComparer.Ordinal));

    /// <summary>Lead id → the person behind it (for checking how leads were merged into people and companies).</summary>
    public IReadOnlyDictionary<string, FakePerson> People() =>
        Store.Read(d => d.Leads.ToDictionary(
            l => l.Id.ToString(),
            l => new FakePerson(l.Person, l.WithoutEmail ? null : Workspace.People.Address(l), Workspace.People.CompanyDomain(l)),
            StringComparer.Ordinal));

    /// <summary>One lead's JSON, or null; cheap even for a million leads (binary search by id).</summary>
    public string? Lead(string id) =>
        Id128.TryParse(id, out var key)
            ? Store.Read(d =>
            {
                var index = Http.Keyset.FirstAfter(d.Leads, key, static l => l.Id, inclusive: true);
                return index < d.Leads.Count && d.Leads[index].Id == key ? JsonFormat.ToText(w => LeadJson.Write(w, d, d.Leads[index])) : null;
            })
            : null;

    /// <summary>One email's JSON, or null.</summary>
    public string? Email(string id) =>
        Id128.TryParse(id, out var key)
            ? Store.Read(d =>
            {
                var index = Http.Keyset.FirstAfter(d.Emails, key, static e => e.Id, inclusive: true);
                return index < d.Emails.Count && d.Emails[index].Id == key ? JsonFormat.ToText(w => EmailJson.Write(w, d, d.Emails[index])) : null;
            })
            : null;

    /// <summary>Email id → JSON, as in <c>GET /emails</c> items.</summary>
    public IReadOnlyDictionary<string, string> Emails() =>
        Store.Read(d => d.Emails.ToDictionary(e => e.Id.ToString(), e => JsonFormat.ToText(w => EmailJson.Write(w, d, e)), StringComparer.Ordinal));

    /// <summary>
    /// Date (<c>YYYY-MM-DD</c>) → JSON row of <c>GET /campaigns/analytics/daily</c>, for one campaign or,
    /// with a null id, the workspace-wide series. Default window: earliest campaign creation to today.
    /// </summary>
    public IReadOnlyDictionary<string, string> DailyAnalytics(string? campaignId, DateOnly? start = null, DateOnly? end = null) =>
        Store.Read(d =>
        {
            var (from, to) = Lifetime(d, start, end);
            var campaign = d.FindCampaign(campaignId);
            if (campaignId is not null && campaign is null)
            {
                return new Dictionary<string, string>();
            }

            return Analytics.Daily(d, campaign, from, to).ToDictionary(
                r => JsonFormat.DateText(r.Key),
                r => JsonFormat.ToText(w => AnalyticsJson.WriteDaily(w, r.Key, r.Value)),
                StringComparer.Ordinal);
        });

    /// <summary>(step, variant) → JSON row of <c>GET /campaigns/analytics/steps</c> over the window (default: lifetime).</summary>
    public IReadOnlyDictionary<(string Step, string Variant), string> StepAnalytics(string? campaignId, DateOnly? start = null, DateOnly? end = null) =>
        Store.Read(d =>
        {
            var (from, to) = Lifetime(d, start, end);
            var campaign = d.FindCampaign(campaignId);
            if (campaignId is not null && campaign is null)
            {
                return new Dictionary<(string, string), string>();
            }

            return Analytics.Steps(d, campaign, from, to).ToDictionary(
                r => (r.Key.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Key.Variant.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                r => JsonFormat.ToText(w => AnalyticsJson.WriteStep(w, r.Key.Step, r.Key.Variant, r.Value)));
        });

    /// <summary>The campaign's row of <c>GET /campaigns/analytics</c> over the window, or null when it never sent.</summary>
    public string? CampaignAnalytics(string campaignId, DateOnly? start = null, DateOnly? end = null) =>
        Store.Read(d =>
        {
            var (from, to) = Lifetime(d, start, end);
            return d.FindCampaign(campaignId) is { } campaign && Analytics.Totals(campaign, from, to) is { } totals
                ? JsonFormat.ToText(w => AnalyticsJson.WriteTotals(w, campaign, totals))
                : null;
        });

    private static (DateOnly Start, DateOnly End) Lifetime(WorkspaceData data, DateOnly? start, DateOnly? end) =>
        (start ?? JsonFormat.DateOf(data.EarliestCampaignCreatedMs), end ?? JsonFormat.DateOf(data.NowMs));
}
