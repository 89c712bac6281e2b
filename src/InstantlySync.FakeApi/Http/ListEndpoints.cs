using InstantlySync.FakeApi.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary>The cursor-paged lists: campaigns, accounts and emails (leads have their own POST endpoint).</summary>
internal static class ListEndpoints
{
    public static ApiResponse Workspace(WorkspaceData data) => ApiResponse.Ok(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("id", data.WorkspaceId);
        writer.WriteString("name", data.WorkspaceName);
        writer.WriteString("owner", data.OwnerId);
        writer.WriteString("plan_id", "pid_hg_v2");
        JsonFormat.Timestamp(writer, "timestamp_created", data.WorkspaceCreatedMs);
        JsonFormat.Timestamp(writer, "timestamp_updated", data.WorkspaceCreatedMs + (3 * ActivitySimulator.Day));
        writer.WriteEndObject();
    });

    /// <summary>Ordered by id descending (string order); the cursor is the last id.</summary>
    public static ApiResponse Campaigns(IQueryCollection query, WorkspaceData data, RequestFaults faults)
    {
        if (Paging.ParseLimit(query["limit"], "querystring", out var limit) is { } error)
        {
            return error;
        }

        string? cursor = query["starting_after"];
        string? search = query["search"];
        string? status = query["status"];
        var items = data.Campaigns
            .OrderByDescending(c => c.IdText, StringComparer.Ordinal)
            .Where(c => cursor is null || string.CompareOrdinal(c.IdText, cursor) < 0)
            .Where(c => search is null || c.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Where(c => status is null || c.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) == status);
        return Paging.Page(items, limit, cursor, faults, c => c.IdText, (w, c) => CampaignJson.Write(w, data, c));
    }

    /// <summary>Ordered by (timestamp_created, email); the cursor is <c>&lt;timestamp_created&gt;&amp;&lt;email&gt;</c>.</summary>
    public static ApiResponse Accounts(IQueryCollection query, WorkspaceData data, RequestFaults faults)
    {
        if (Paging.ParseLimit(query["limit"], "querystring", out var limit) is { } error)
        {
            return error;
        }

        string? cursor = query["starting_after"];
        var after = (Ms: long.MinValue, Email: (string?)null);
        if (cursor is not null)
        {
            // A bare ISO timestamp (the legacy cursor) is still accepted.
            var parts = cursor.Split('&', 2);
            if (!DateTimeOffset.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                return ApiResponse.BadRequest("querystring/starting_after is not a valid cursor");
            }

            after = (at.ToUnixTimeMilliseconds(), parts.Length == 2 ? parts[1] : null);
        }

        var items = data.Accounts
            .OrderBy(a => a.CreatedMs)
            .ThenBy(a => a.Email, StringComparer.Ordinal)
            .Where(a => a.CreatedMs > after.Ms
                || (a.CreatedMs == after.Ms && after.Email is not null && string.CompareOrdinal(a.Email, after.Email) > 0));
        return Paging.Page(
            items,
            limit,
            cursor,
            faults,
            a => $"{JsonFormat.TimestampText(a.CreatedMs)}&{a.Email}",
            (w, a) => AccountJson.Write(w, data, a));
    }

    /// <summary>
    /// Ordered by timestamp_created (desc unless <c>sort_order=asc</c>); ids are UUIDv7 stamped with
    /// that time, so id order is the same order and the id cursor is a simple keyset.
    /// </summary>
    public static ApiResponse Emails(IQueryCollection query, WorkspaceData data, RequestFaults faults)
    {
        if (Paging.ParseLimit(query["limit"], "querystring", out var limit) is { } error)
        {
            return error;
        }

        string? cursor = query["starting_after"];
        var after = default(Id128);
        if (cursor is not null && !Id128.TryParse(cursor, out after))
        {
            return ApiResponse.BadRequest("querystring/starting_after must match format \"uuid\"");
        }

        var ascending = query["sort_order"].ToString() switch
        {
            "asc" => true,
            "" or "desc" => false,
            _ => (bool?)null,
        };
        if (ascending is null)
        {
            return ApiResponse.BadRequest("querystring/sort_order must be equal to one of the allowed values");
        }

        if (!TryTimestamp(query["min_timestamp_created"], out var min) || !TryTimestamp(query["max_timestamp_created"], out var max))
        {
            return ApiResponse.BadRequest("querystring/min_timestamp_created must match format \"date-time\"");
        }

        string? campaignId = query["campaign_id"];
        var source = campaignId is null ? data.Emails : data.FindCampaign(campaignId)?.Emails ?? [];
        var from = min is { } minMs ? Analytics.LowerBound(source, minMs) : 0;
        var to = max is { } maxMs ? Analytics.LowerBound(source, maxMs + 1) : source.Count;
        var ueType = query["email_type"].ToString() switch
        {
            "sent" => 1,
            "received" => 2,
            "manual" => 3,
            _ => 0,
        };
        string? lead = query["lead"];
        var items = Range(source, from, to, ascending.Value, cursor is null ? null : after)
            .Where(e => ueType == 0 || e.UeType == ueType)
            .Where(e => lead is null || string.Equals(People.Address(e.Lead), lead.Trim(), StringComparison.OrdinalIgnoreCase));
        return Paging.Page(items, limit, cursor, faults, e => e.Id.ToString(), (w, e) => EmailJson.Write(w, data, e));
    }

    private static IEnumerable<EmailRecord> Range(List<EmailRecord> emails, int from, int to, bool ascending, Id128? after)
    {
        // Keyset paging: jump straight to the cursor instead of scanning up to it.
        if (after is { } cursor)
        {
            var pivot = Keyset.FirstAfter(emails, cursor, static e => e.Id);
            if (ascending)
            {
                from = Math.Max(from, pivot);
            }
            else
            {
                to = Math.Min(to, Keyset.FirstAfter(emails, cursor, static e => e.Id, inclusive: true));
            }
        }

        if (ascending)
        {
            for (var i = from; i < to; i++)
            {
                yield return emails[i];
            }
        }
        else
        {
            for (var i = to - 1; i >= from; i--)
            {
                yield return emails[i];
            }
        }
    }

    private static bool TryTimestamp(string? text, out long? unixMs)
    {
        unixMs = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return false;
        }

        unixMs = at.ToUnixTimeMilliseconds();
        return true;
    }
}
