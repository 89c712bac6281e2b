using System.Text.Json;
using InstantlySync.FakeApi.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary><c>POST /leads/list</c>: the cursor and the limit travel in the JSON body; leads come in id order.</summary>
internal static class LeadsEndpoint
{
    /// <param name="InCampaign">The <c>in_campaign</c> filter: true for leads in a campaign, false for leads only in a lead list.</param>
    /// <param name="Filter">The <c>filter</c> enum value, as a test on a lead; null without one.</param>
    /// <param name="Contacts">The <c>contacts</c> list: exact addresses (compared without case), or null.</param>
    internal sealed record LeadQuery(int Limit, string? StartingAfter, Id128? After, string? Campaign, string? ListId, bool? InCampaign = null,
        Func<LeadRecord, bool>? Filter = null, HashSet<string>? Contacts = null);

    /// <summary>The <c>filter</c> values the fake knows, as the API documents them (lead status: 1 active, 2 paused, 3 completed, -1 bounced, -2 unsubscribed, -3 skipped).</summary>
    private static readonly Dictionary<string, Func<LeadRecord, bool>> Filters = new(StringComparer.Ordinal)
    {
        ["FILTER_VAL_CONTACTED"] = l => l.Contacted,
        ["FILTER_VAL_NOT_CONTACTED"] = l => !l.Contacted,
        ["FILTER_VAL_ACTIVE"] = l => l.Status == 1,
        ["FILTER_VAL_COMPLETED"] = l => l.Status == 3,
        ["FILTER_VAL_COMPLETED_NO_REPLY"] = l => l.Status == 3 && !Replied(l),
        ["FILTER_VAL_BOUNCED"] = l => l.Status == -1,
        ["FILTER_VAL_UNSUBSCRIBED"] = l => l.Status == -2,
        ["FILTER_VAL_SKIPPED"] = l => l.Status == -3,
        ["FILTER_VAL_REPLIED"] = Replied,
    };

    private static bool Replied(LeadRecord lead) => lead.ReplyCount > 0 || lead.LastReplyMs != 0;

    /// <summary>Parses the body (outside the workspace lock, since it reads the network).</summary>
    public static async Task<(LeadQuery? Query, ApiResponse? Error)> ParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            using var document = request.ContentLength == 0
                ? JsonDocument.Parse("{}")
                : await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, ApiResponse.BadRequest("Body is not valid JSON but content-type is set to 'application/json'"));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiResponse.BadRequest("body must be object"));
        }

        string? limitText = null;
        if (body.TryGetProperty("limit", out var limitElement))
        {
            limitText = limitElement.ValueKind == JsonValueKind.Number ? limitElement.GetRawText() : "not a number";
        }

        if (Paging.ParseLimit(limitText, "body", out var limit) is { } limitError)
        {
            return (null, limitError);
        }

        var startingAfter = Text(body, "starting_after");
        Id128? after = null;
        if (startingAfter is not null)
        {
            if (!Id128.TryParse(startingAfter, out var parsed))
            {
                return (null, ApiResponse.BadRequest("body/starting_after must match format \"uuid\""));
            }

            after = parsed;
        }

        bool? inCampaign = null;
        if (body.TryGetProperty("in_campaign", out var inCampaignElement))
        {
            if (inCampaignElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, ApiResponse.BadRequest("body/in_campaign must be boolean"));
            }

            inCampaign = inCampaignElement.GetBoolean();
        }

        Func<LeadRecord, bool>? filter = null;
        if (body.TryGetProperty("filter", out var filterElement))
        {
            if (filterElement.ValueKind != JsonValueKind.String || !Filters.TryGetValue(filterElement.GetString()!, out filter))
            {
                return (null, ApiResponse.BadRequest("body/filter must be equal to one of the allowed values"));
            }
        }

        HashSet<string>? contacts = null;
        if (body.TryGetProperty("contacts", out var contactsElement))
        {
            if (contactsElement.ValueKind != JsonValueKind.Array || contactsElement.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
            {
                return (null, ApiResponse.BadRequest("body/contacts must be array of strings"));
            }

            contacts = contactsElement.EnumerateArray().Select(c => c.GetString()!.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        }

        return (new LeadQuery(limit, startingAfter, after, Text(body, "campaign"), Text(body, "list_id"), inCampaign, filter, contacts), null);
    }

    public static ApiResponse List(LeadQuery query, WorkspaceData data, RequestFaults faults)
    {
        List<LeadRecord> source = query.Campaign is null ? data.Leads : data.FindCampaign(query.Campaign)?.Leads ?? [];
        var from = query.After is { } after ? Keyset.FirstAfter(source, after, static l => l.Id) : 0;
        var listIndex = query.ListId is null ? -2 : Array.IndexOf(data.ListIds, query.ListId);
        var items = From(source, from).Where(l =>
            (listIndex == -2 || (l.CampaignIndex < 0 && l.ListIndex == listIndex))
            && (query.InCampaign is not { } inCampaign || l.CampaignIndex >= 0 == inCampaign)
            && (query.Filter is null || query.Filter(l))
            && (query.Contacts is null || (!l.WithoutEmail && query.Contacts.Contains(People.Address(l)))));
        return Paging.Page(items, query.Limit, query.StartingAfter, faults, l => l.Id.ToString(), (w, l) => LeadJson.Write(w, data, l));
    }

    private static IEnumerable<LeadRecord> From(List<LeadRecord> leads, int from)
    {
        for (var i = from; i < leads.Count; i++)
        {
            yield return leads[i];
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
