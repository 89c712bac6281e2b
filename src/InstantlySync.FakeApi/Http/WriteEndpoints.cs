using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// The write side a lead push uses, as instantly-api-v2-write.md describes it: bulk add with every
/// counter and <c>created_leads</c> by input index, the bulk delete that deletes every matching lead
/// when <c>limit</c> is missing, the block list's bulk create, and the uploaded-contacts quota
/// (<c>remaining_in_plan</c>). Every handler parses outside the workspace lock and changes the
/// workspace under its write lock.
/// </summary>
internal static class WriteEndpoints
{
    private const int MaxLeadsPerAdd = 1_000;
    private const int MaxDeleteLimit = 10_000;
    private const int MaxBlockListValues = 1_000;

    /// <summary>
    /// The request's JSON object body, or the API's answer to a body it refuses — among them the
    /// Fastify 400 for <c>content-type: application/json</c> with no body at all, which a bodyless
    /// DELETE sent with that header meets.
    /// </summary>
    public static async Task<(JsonElement Body, ApiResponse? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var json = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        if (request.ContentLength == 0)
        {
            return json ? (default, EmptyJsonBody()) : (JsonDocument.Parse("{}").RootElement.Clone(), null);
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, ApiResponse.BadRequest("body must be object"));
        }
        catch (JsonException) when (json)
        {
            return (default, ApiResponse.BadRequest("Body is not valid JSON but content-type is set to 'application/json'"));
        }
        catch (JsonException)
        {
            return (default, ApiResponse.BadRequest("body must be object"));
        }
    }

    private static ApiResponse EmptyJsonBody() => ApiResponse.Json(StatusCodes.Status400BadRequest, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("statusCode", 400);
        writer.WriteString("code", "FST_ERR_CTP_EMPTY_JSON_BODY");
        writer.WriteString("error", "Bad Request");
        writer.WriteString("message", "Body cannot be empty when content-type is set to 'application/json'");
        writer.WriteEndObject();
    });

    /// <summary>The fields <c>POST /leads</c> takes (its schema has <c>additionalProperties: false</c>).</summary>
    private static readonly HashSet<string> CreateFields = new(StringComparer.Ordinal)
    {
        "email", "first_name", "last_name", "company_name", "job_title", "phone", "website", "personalization", "lt_interest_status",
        "pl_value_lead", "assigned_to", "custom_variables", "campaign", "list_id", "skip_if_in_workspace", "skip_if_in_campaign",
        "skip_if_in_list", "blocklist_id", "verify_leads_on_import", "verify_leads_for_lead_finder",
    };

    /// <summary>
    /// <c>POST /leads</c>: one lead into <c>campaign</c> (not <c>campaign_id</c>) or <c>list_id</c>.
    /// A lead a <c>skip_if_*</c> rule or the block list keeps out is answered 200 <em>without an id</em>,
    /// as integrators observed; unknown keys are refused.
    /// </summary>
    public static ApiResponse CreateLead(JsonElement body, WorkspaceData data)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!CreateFields.Contains(property.Name))
            {
                return ApiResponse.BadRequest($"body must NOT have additional properties ('{property.Name}')");
            }
        }

        var campaignId = Text(body, "campaign");
        var listId = Text(body, "list_id");
        var email = Text(body, "email")?.Trim();
        if (campaignId is not null && (email is null || !IsAddress(email)))
        {
            return ApiResponse.BadRequest("body/email must be a valid email when campaign is given");
        }

        var campaign = campaignId is null ? null : data.FindCampaign(campaignId);
        var listIndex = listId is null ? -1 : Array.IndexOf(data.ListIds, listId);
        if (campaignId is not null && campaign is null || listId is not null && listIndex < 0 || campaign is null && listIndex < 0)
        {
            return ApiResponse.Error(StatusCodes.Status404NotFound, campaignId is null && listId is null ? "campaign or list_id is required" : "Campaign or list not found");
        }

        var key = email?.ToLowerInvariant() ?? "";
        var skipped = key.Length > 0 && (
            data.BlockList.Contains(key) || data.BlockList.Contains(key[(key.IndexOf('@', StringComparison.Ordinal) + 1)..])
            || (Flag(body, "skip_if_in_workspace") && Addresses(data, campaignsOnly: false).Contains(key))
            || (Flag(body, "skip_if_in_campaign") && Addresses(data, campaignsOnly: true).Contains(key))
            || (Flag(body, "skip_if_in_list") && Addresses(data.Leads.Where(l => l.CampaignIndex < 0)).Contains(key)));
        if (skipped)
        {
            // The recorded answer to a skipped create: 200, the lead's fields, and no id.
            return ApiResponse.Ok(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("email", email);
                writer.WriteString("status", "skipped");
                writer.WriteEndObject();
            });
        }

        var lead = Create(data, body, email ?? "", campaign, listIndex);
        data.AddPushed([lead]);
        return ApiResponse.Ok(writer => Json.LeadJson.Write(writer, data, lead));
    }

    /// <summary><c>DELETE /leads/{id}</c>: 200 with the deleted lead (no <c>success</c> flag), 404 when it is gone.</summary>
    public static ApiResponse DeleteLead(string id, WorkspaceData data)
    {
        var lead = Id128.TryParse(id, out var parsed) ? data.Leads.Find(l => l.Id == parsed) : null;
        if (lead is null)
        {
            return ApiResponse.Error(StatusCodes.Status404NotFound, "Lead not found");
        }

        var answer = ApiResponse.Ok(writer => Json.LeadJson.Write(writer, data, lead));
        data.Delete([lead]);
        return answer;
    }

    /// <summary><c>POST /leads/add</c>.</summary>
    public static ApiResponse AddLeads(JsonElement body, WorkspaceData data)
    {
        var campaignId = Text(body, "campaign_id");
        var listId = Text(body, "list_id");
        if ((campaignId is null) == (listId is null))
        {
            return ApiResponse.BadRequest("body must have either campaign_id or list_id");
        }

        if (!body.TryGetProperty("leads", out var leads) || leads.ValueKind != JsonValueKind.Array
            || leads.GetArrayLength() is < 1 or > MaxLeadsPerAdd)
        {
            return ApiResponse.BadRequest($"body/leads must NOT have fewer than 1 items or more than {MaxLeadsPerAdd} items");
        }

        var campaign = campaignId is null ? null : data.FindCampaign(campaignId);
        var listIndex = listId is null ? -1 : Array.IndexOf(data.ListIds, listId);
        if (campaignId is not null && campaign is null || listId is not null && listIndex < 0)
        {
            return ApiResponse.Error(StatusCodes.Status404NotFound, campaignId is not null ? "Campaign not found" : "List not found");
        }

        var skipInWorkspace = Flag(body, "skip_if_in_workspace");
        var skipInCampaign = !skipInWorkspace && Flag(body, "skip_if_in_campaign");
        var inWorkspace = skipInWorkspace || skipInCampaign ? Addresses(data, skipInCampaign) : null;
        var inTarget = Addresses(campaign?.Leads ?? data.Leads.Where(l => l.CampaignIndex < 0 && l.ListIndex == listIndex));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counts = new AddCounts();
        var created = new List<(int Index, LeadRecord Lead)>();
        var remaining = data.RemainingInPlan;
        var index = -1;
        foreach (var item in leads.EnumerateArray())
        {
            index++;
            var email = item.ValueKind == JsonValueKind.Object ? Text(item, "email")?.Trim() : null;
            if (email is null || !IsAddress(email))
            {
                counts.Invalid++;
                continue;
            }

            var key = email.ToLowerInvariant();
            if (!seen.Add(key))
            {
                counts.DuplicateEmail++;
            }
            else if (data.BlockList.Contains(key) || data.BlockList.Contains(key[(key.IndexOf('@', StringComparison.Ordinal) + 1)..]))
            {
                counts.InBlocklist++;
            }
            else if (inWorkspace is not null && inWorkspace.Contains(key))
            {
                counts.Skipped++;
            }
            else if (inTarget.Contains(key))
            {
                counts.Duplicated++;
            }
            else if (campaign is not null && remaining-- <= 0)
            {
                // Over the plan's uploaded-contacts limit: not uploaded, counted with the skipped.
                counts.Skipped++;
            }
            else
            {
                created.Add((index, Create(data, item, email, campaign, listIndex)));
                inTarget.Add(key);
            }
        }

        data.AddPushed(created.Select(c => c.Lead).ToList());
        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", "success");
            writer.WriteNumber("total_sent", index + 1);
            writer.WriteNumber("leads_uploaded", created.Count);
            writer.WriteNumber("in_blocklist", counts.InBlocklist);
            writer.WriteNull("blocklist_used");
            writer.WriteNumber("duplicated_leads", counts.Duplicated);
            writer.WriteNumber("skipped_count", counts.Skipped);
            writer.WriteNumber("invalid_email_count", counts.Invalid);
            writer.WriteNumber("incomplete_count", 0);
            writer.WriteNumber("duplicate_email_count", counts.DuplicateEmail);
            if (campaign is not null)
            {
                writer.WriteNumber("remaining_in_plan", data.RemainingInPlan);
            }

            writer.WriteStartArray("created_leads");
            foreach (var (at, lead) in created)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", at);
                writer.WriteString("id", lead.Id.ToString());
                writer.WriteString("email", lead.Pushed!.Email);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>DELETE /leads</c> with a JSON body: the leads of <c>campaign_id</c> (or <c>list_id</c>),
    /// narrowed by <c>ids</c> and <c>status</c> when given, at most <c>limit</c> of them — and, as the
    /// API does, every matching lead when <c>limit</c> is missing.
    /// </summary>
    public static ApiResponse DeleteLeads(JsonElement body, WorkspaceData data)
    {
        var campaignId = Text(body, "campaign_id");
        var listId = Text(body, "list_id");
        if (campaignId is null && listId is null)
        {
            return ApiResponse.BadRequest("body must have either campaign_id or list_id");
        }

        int? limit = null;
        if (body.TryGetProperty("limit", out var limitElement))
        {
            if (limitElement.ValueKind != JsonValueKind.Number || !limitElement.TryGetInt32(out var value) || value is < 1 or > MaxDeleteLimit)
            {
                return ApiResponse.BadRequest($"body/limit must be >= 1 and <= {MaxDeleteLimit}");
            }

            limit = value;
        }

        HashSet<string>? ids = null;
        if (body.TryGetProperty("ids", out var idsElement))
        {
            if (idsElement.ValueKind != JsonValueKind.Array || idsElement.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
            {
                return ApiResponse.BadRequest("body/ids must be array of strings");
            }

            ids = idsElement.EnumerateArray().Select(i => i.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        int? status = body.TryGetProperty("status", out var statusElement) && statusElement.TryGetInt32(out var s) ? s : null;
        var campaign = campaignId is null ? null : data.FindCampaign(campaignId);
        var listIndex = listId is null ? -1 : Array.IndexOf(data.ListIds, listId);
        IEnumerable<LeadRecord> scope = campaign is not null ? campaign.Leads
            : campaignId is not null ? []
            : data.Leads.Where(l => l.CampaignIndex < 0 && l.ListIndex == listIndex);
        var doomed = scope
            .Where(l => ids is null || ids.Contains(l.Id.ToString()))
            .Where(l => status is null || l.Status == status)
            .Take(limit ?? int.MaxValue)
            .ToList();
        data.Delete(doomed);
        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", doomed.Count);
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>POST /block-lists-entries/bulk-create</c>: each new value (an address or a domain) becomes
    /// an entry; values already on the list or not an address or domain are counted invalid.
    /// </summary>
    public static ApiResponse BulkCreateBlockListEntries(JsonElement body, WorkspaceData data)
    {
        if (!body.TryGetProperty("bl_values", out var values) || values.ValueKind != JsonValueKind.Array
            || values.GetArrayLength() is < 1 or > MaxBlockListValues || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            return ApiResponse.BadRequest($"body/bl_values must be an array of 1 to {MaxBlockListValues} strings");
        }

        var added = new List<BlockListEntry>();
        var invalid = 0;
        foreach (var raw in values.EnumerateArray().Select(v => v.GetString()!.Trim().ToLowerInvariant()))
        {
            var isDomain = !raw.Contains('@', StringComparison.Ordinal);
            if (raw.Length == 0 || !raw.Contains('.', StringComparison.Ordinal) || (!isDomain && !IsAddress(raw)) || !data.BlockList.Add(raw))
            {
                invalid++;
                continue;
            }

            var entry = new BlockListEntry(Id128.Version7(DateTimeOffset.FromUnixTimeMilliseconds(data.NowMs), Random.Shared), data.NowMs, raw, isDomain);
            data.BlockListEntries.Add(entry);
            added.Add(entry);
        }

        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var entry in added)
            {
                entry.Write(writer, data.WorkspaceId);
            }

            writer.WriteEndArray();
            writer.WriteNumber("valid_count", added.Count);
            writer.WriteNumber("invalid_count", invalid);
            writer.WriteEndObject();
        });
    }

    private static LeadRecord Create(WorkspaceData data, JsonElement item, string email, CampaignRecord? campaign, int listIndex)
    {
        var now = data.NowMs;
        var lead = new LeadRecord
        {
            Id = Id128.Version7(DateTimeOffset.FromUnixTimeMilliseconds(now), Random.Shared),
            CreatedMs = now,
            UpdatedMs = now,
            CampaignIndex = (short)(campaign is null ? -1 : data.Campaigns.IndexOf(campaign)),
            ListIndex = (short)listIndex,
            Ordinal = data.NextLeadOrdinal++,
            Person = data.NextPersonNumber++,
            Salt = (uint)Random.Shared.Next(),
            Pushed = new PushedLead
            {
                Email = email,
                FirstName = Text(item, "first_name"),
                LastName = Text(item, "last_name"),
                CompanyName = Text(item, "company_name"),
                Website = Text(item, "website"),
                Phone = Text(item, "phone"),
                JobTitle = Text(item, "job_title"),
                Personalization = Text(item, "personalization"),
                CustomVariables = item.TryGetProperty("custom_variables", out var variables) ? variables.Clone() : default,
            },
        };
        return lead;
    }

    /// <summary>Lower-cased addresses of every lead of the workspace (<paramref name="campaignsOnly"/>: in a campaign).</summary>
    private static HashSet<string> Addresses(WorkspaceData data, bool campaignsOnly)
        => Addresses(campaignsOnly ? data.Leads.Where(l => l.CampaignIndex >= 0) : data.Leads);

    private static HashSet<string> Addresses(IEnumerable<LeadRecord> leads)
        => leads.Where(l => !l.WithoutEmail).Select(l => People.Address(l).Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static bool IsAddress(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Any(char.IsWhiteSpace);
    }

    private static bool Flag(JsonElement body, string name) => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement body, string name)
        => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class AddCounts
    {
        public int Invalid;
        public int DuplicateEmail;
        public int InBlocklist;
        public int Skipped;
        public int Duplicated;
    }
}
