using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using InstantlySync.Configuration;
using Serilog;

namespace InstantlySync.Api;

/// <summary>
/// The Instantly API v2 endpoints the sync reads, for one workspace. One instance per workspace:
/// it owns the HttpClient, the resilience pipeline and the rate limits (the API's limits are per
/// workspace) that every concurrent entity of that workspace shares.
/// </summary>
internal sealed class InstantlyClient : IDisposable
{
    private readonly ApiTransport _transport;
    private readonly int _pageSize;

    public InstantlyClient(ApiTransport transport, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 100);
        _transport = transport;
        _pageSize = pageSize;
    }

    public ApiStats Stats => _transport.Stats;

    /// <summary>Builds the client with its HttpClient, pipeline and rate limits.</summary>
    /// <param name="backoff">Retry delays; <see cref="RetryBackoff.Default"/> unless a test needs them short.</param>
    /// <param name="asWorkspace">A sub-workspace of the key's workspace group, sent as <c>x-as-workspace</c>.</param>
    public static InstantlyClient Create(
        InstantlySettings settings,
        string apiKey,
        TimeProvider timeProvider,
        ILogger logger,
        RetryBackoff? backoff = null,
        string? asWorkspace = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var stats = new ApiStats();
        var pipeline = ApiPipeline.Build(
            settings,
            backoff ?? RetryBackoff.Default,
            new RequestRateLimiter(settings, timeProvider),
            stats,
            timeProvider,
            logger.ForContext<InstantlyClient>());
        var http = ApiHttpClient.Create(settings.BaseUrl, apiKey, asWorkspace);
        return new InstantlyClient(new ApiTransport(http, pipeline, stats, apiKey.Trim()), settings.PageSize);
    }

    /// <summary>GET /campaigns, every page.</summary>
    public IAsyncEnumerable<ApiPage> ListCampaignsAsync(CancellationToken cancellationToken) =>
        PageAsync(cursor => ApiRequest.Get("/campaigns", PagingQuery(cursor)), cancellationToken);

    /// <summary>GET /accounts, every page.</summary>
    public IAsyncEnumerable<ApiPage> ListAccountsAsync(CancellationToken cancellationToken) =>
        PageAsync(cursor => ApiRequest.Get("/accounts", PagingQuery(cursor)), cancellationToken);

    /// <summary>POST /leads/list, every page; the cursor and the filter travel in the JSON body.</summary>
    /// <param name="campaignId">Only this campaign's leads; null for the whole workspace.</param>
    public IAsyncEnumerable<ApiPage> ListLeadsAsync(string? campaignId, CancellationToken cancellationToken) =>
        PageAsync(cursor => ApiRequest.Post("/leads/list", LeadsBody(_pageSize, cursor, campaignId, inCampaign: null)), cancellationToken);

    /// <summary>
    /// POST /leads/list of one campaign with a <c>filter</c> (<c>FILTER_VAL_COMPLETED</c>,
    /// <c>FILTER_VAL_BOUNCED</c>, …), every page: the leads a drain considers.
    /// </summary>
    public IAsyncEnumerable<ApiPage> ListLeadsAsync(string campaignId, string filter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        ArgumentException.ThrowIfNullOrEmpty(filter);
        return PageAsync(cursor => ApiRequest.Post("/leads/list", LeadsBody(_pageSize, cursor, campaignId, inCampaign: null, filter)), cancellationToken);
    }

    /// <summary>POST /leads/list with <c>in_campaign: false</c>: every lead that sits only in a lead list.</summary>
    public IAsyncEnumerable<ApiPage> ListLeadsOutsideCampaignsAsync(CancellationToken cancellationToken) =>
        PageAsync(cursor => ApiRequest.Post("/leads/list", LeadsBody(_pageSize, cursor, campaignId: null, inCampaign: false)), cancellationToken);

    /// <summary>
    /// GET /emails created at or after <paramref name="minTimestampCreated"/>, oldest first, every
    /// page. Draws from the emails budget (20 requests/minute) as well as the workspace one.
    /// </summary>
    public IAsyncEnumerable<ApiPage> ListEmailsAsync(DateTimeOffset minTimestampCreated, CancellationToken cancellationToken)
    {
        var since = minTimestampCreated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return PageAsync(
            cursor => ApiRequest.Get(
                "/emails",
                ApiQuery.Of(
                    ("limit", PageSizeText),
                    ("starting_after", cursor),
                    ("sort_order", "asc"),
                    ("min_timestamp_created", since)),
                RateBucket.Emails),
            cancellationToken);
    }

    /// <summary>GET /campaigns/analytics: one totals row per campaign that has sent, for the window.</summary>
    public Task<IReadOnlyList<JsonElement>> GetCampaignAnalyticsAsync(DateOnly start, DateOnly end, CancellationToken cancellationToken) =>
        GetArrayAsync(ApiRequest.Get("/campaigns/analytics", DateQuery(start, end)), cancellationToken);

    /// <summary>GET /campaigns/analytics/daily: one row per day; summed over all campaigns when <paramref name="campaignId"/> is null.</summary>
    public Task<IReadOnlyList<JsonElement>> GetDailyAnalyticsAsync(
        string? campaignId, DateOnly start, DateOnly end, CancellationToken cancellationToken) =>
        GetArrayAsync(ApiRequest.Get("/campaigns/analytics/daily", DateQuery(start, end, campaignId)), cancellationToken);

    /// <summary>GET /campaigns/analytics/steps: one row per step and variant of the campaign.</summary>
    public Task<IReadOnlyList<JsonElement>> GetStepAnalyticsAsync(
        string campaignId, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        return GetArrayAsync(ApiRequest.Get("/campaigns/analytics/steps", DateQuery(start, end, campaignId)), cancellationToken);
    }

    /// <summary>GET /workspace-group-members, every page: the sub-workspaces an admin key reaches.</summary>
    public IAsyncEnumerable<ApiPage> ListWorkspaceGroupMembersAsync(CancellationToken cancellationToken) =>
        PageAsync(cursor => ApiRequest.Get("/workspace-group-members", PagingQuery(cursor)), cancellationToken);

    /// <summary>GET /workspaces/current: the cheapest call that proves the key works.</summary>
    public Task<JsonElement> GetCurrentWorkspaceAsync(CancellationToken cancellationToken) =>
        _transport.SendAsync(ApiRequest.Get("/workspaces/current", string.Empty), cancellationToken);

    /// <summary>The most leads one <c>POST /leads/add</c> takes.</summary>
    public const int MaxLeadsPerAdd = 1_000;

    /// <summary>The most ids one <c>DELETE /leads</c> deletes (its <c>limit</c>).</summary>
    public const int MaxIdsPerDelete = 10_000;

    /// <summary>The most values one block list bulk create takes.</summary>
    public const int MaxBlockListValues = 1_000;

    /// <summary>
    /// POST /leads/add to one campaign with <c>skip_if_in_workspace</c>: a lead already anywhere in
    /// the workspace is skipped, so sending a batch again never creates a lead twice. Returns the
    /// import summary (counters, <c>created_leads</c> by input index, <c>remaining_in_plan</c>).
    /// </summary>
    /// <param name="leads">Each lead as a JSON object (email, fields, custom_variables).</param>
    public Task<JsonElement> AddLeadsAsync(string campaignId, IReadOnlyList<string> leads, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        ArgumentOutOfRangeException.ThrowIfZero(leads.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leads.Count, MaxLeadsPerAdd);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("campaign_id", campaignId);
            writer.WriteBoolean("skip_if_in_workspace", true);
            writer.WriteStartArray("leads");
            foreach (var lead in leads)
            {
                writer.WriteRawValue(lead);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return _transport.SendAsync(ApiRequest.Post("/leads/add", buffer.WrittenMemory), cancellationToken);
    }

    /// <summary>
    /// DELETE /leads for these ids of one campaign, with <c>limit</c> their count: never without ids
    /// (the API then deletes every matching lead) and never retried after an uncertain outcome (a
    /// timeout or 5xx); the caller records the leads first and repeats the delete by the same ids.
    /// Returns how many the API deleted.
    /// </summary>
    public async Task<int> DeleteLeadsAsync(string campaignId, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        ArgumentOutOfRangeException.ThrowIfZero(ids.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Count, MaxIdsPerDelete);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("campaign_id", campaignId);
            writer.WriteStartArray("ids");
            foreach (var id in ids)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteNumber("limit", ids.Count);
            writer.WriteEndObject();
        }

        var answer = await _transport.SendAsync(ApiRequest.Delete("/leads", buffer.WrittenMemory) with { RetryWhenUncertain = false }, cancellationToken);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("count", out var count) && count.TryGetInt32(out var n) ? n : 0;
    }

    /// <summary>
    /// POST /block-lists-entries/bulk-create. The API documents an object (<c>items</c>,
    /// <c>valid_count</c>) and shows a bare array of entries; both are read. Returns the entries added.
    /// </summary>
    public async Task<int> CreateBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Count, MaxBlockListValues);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("bl_values");
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var answer = await _transport.SendAsync(ApiRequest.Post("/block-lists-entries/bulk-create", buffer.WrittenMemory), cancellationToken);
        return answer.ValueKind switch
        {
            JsonValueKind.Array => answer.GetArrayLength(),
            JsonValueKind.Object when answer.TryGetProperty("valid_count", out var valid) && valid.TryGetInt32(out var n) => n,
            JsonValueKind.Object when answer.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array => items.GetArrayLength(),
            _ => 0,
        };
    }

    public void Dispose() => _transport.Dispose();

    private string PageSizeText => _pageSize.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Follows the cursor until a page is empty or comes without one. A short page is not the end:
    /// Instantly often sends a cursor with the last data page and answers the next request with
    /// an empty one. A cursor seen before means the API is not advancing: that throws.
    /// </summary>
    private async IAsyncEnumerable<ApiPage> PageAsync(
        Func<string?, ApiRequest> requestFor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var pageNumber = 1; ; pageNumber++)
        {
            var request = requestFor(cursor);
            var root = await _transport.SendAsync(request, cancellationToken);
            var (items, next) = ApiEnvelope.ReadPage(request, root);
            if (items.Count == 0)
            {
                yield break;
            }

            if (next is not null && sent.Contains(next))
            {
                throw ApiFailures.StuckCursor(request, next, pageNumber);
            }

            yield return new ApiPage(items, next, pageNumber);
            if (next is null)
            {
                yield break;
            }

            sent.Add(next);
            cursor = next;
        }
    }

    private async Task<IReadOnlyList<JsonElement>> GetArrayAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var root = await _transport.SendAsync(request, cancellationToken);
        return ApiEnvelope.ReadArray(request, root);
    }

    private string PagingQuery(string? cursor) =>
        ApiQuery.Of(("limit", PageSizeText), ("starting_after", cursor));

    /// <summary>Analytics default to the last 30 days, so the window is always explicit.</summary>
    private static string DateQuery(DateOnly start, DateOnly end, string? campaignId = null) =>
        ApiQuery.Of(
            ("campaign_id", campaignId),
            ("start_date", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("end_date", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static ReadOnlyMemory<byte> LeadsBody(int limit, string? cursor, string? campaignId, bool? inCampaign, string? filter = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("limit", limit);
            if (cursor is not null)
            {
                writer.WriteString("starting_after", cursor);
            }

            // The body field is "campaign"; integrators who sent "campaign_id" got every lead back unfiltered.
            if (campaignId is not null)
            {
                writer.WriteString("campaign", campaignId);
            }

            if (inCampaign is { } flag)
            {
                writer.WriteBoolean("in_campaign", flag);
            }

            if (filter is not null)
            {
                writer.WriteString("filter", filter);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
