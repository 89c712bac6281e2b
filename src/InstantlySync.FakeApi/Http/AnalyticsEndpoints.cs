using System.Globalization;
using InstantlySync.FakeApi.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// The analytics endpoints: bare arrays, an explicit date window on event dates (30 days ending
/// today by default) and their own 400 shape when the window is upside down.
/// </summary>
internal static class AnalyticsEndpoints
{
    public const int DefaultWindowDays = 30;

    /// <summary><c>GET /campaigns/analytics</c>: one row per campaign that has ever sent.</summary>
    public static ApiResponse Campaigns(IQueryCollection query, WorkspaceData data)
    {
        var window = Window(query, data);
        if (window.Error is { } error)
        {
            return error;
        }

        var wanted = query["id"].Concat(query["ids"]).OfType<string>().ToList();
        var campaigns = wanted.Count == 0
            ? data.Campaigns
            : data.Campaigns.Where(c => wanted.Contains(c.IdText, StringComparer.OrdinalIgnoreCase)).ToList();
        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartArray();
            foreach (var campaign in campaigns)
            {
                if (Analytics.Totals(campaign, window.Start, window.End) is { } totals)
                {
                    AnalyticsJson.WriteTotals(writer, campaign, totals);
                }
            }

            writer.WriteEndArray();
        });
    }

    /// <summary><c>GET /campaigns/analytics/daily</c>: per campaign with <c>campaign_id</c>, else summed over all.</summary>
    public static ApiResponse Daily(IQueryCollection query, WorkspaceData data)
    {
        var window = Window(query, data);
        if (window.Error is { } error)
        {
            return error;
        }

        string? campaignId = query["campaign_id"];
        var campaign = data.FindCampaign(campaignId);
        var rows = campaignId is not null && campaign is null
            ? []
            : Analytics.Daily(data, campaign, window.Start, window.End);
        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartArray();
            foreach (var (date, row) in rows)
            {
                AnalyticsJson.WriteDaily(writer, date, row);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary><c>GET /campaigns/analytics/steps</c>: per step and variant, per campaign or summed over all.</summary>
    public static ApiResponse Steps(IQueryCollection query, WorkspaceData data)
    {
        var window = Window(query, data);
        if (window.Error is { } error)
        {
            return error;
        }

        string? campaignId = query["campaign_id"];
        var campaign = data.FindCampaign(campaignId);
        var rows = campaignId is not null && campaign is null
            ? []
            : Analytics.Steps(data, campaign, window.Start, window.End);
        return ApiResponse.Ok(writer =>
        {
            writer.WriteStartArray();
            foreach (var ((step, variant), row) in rows)
            {
                AnalyticsJson.WriteStep(writer, step, variant, row);
            }

            writer.WriteEndArray();
        });
    }

    internal readonly record struct DateWindow(DateOnly Start, DateOnly End, ApiResponse? Error);

    /// <summary>Reads start_date/end_date: <c>YYYY-MM-DD</c> or a full ISO timestamp (its UTC date counts).</summary>
    internal static DateWindow Window(IQueryCollection query, WorkspaceData data)
    {
        var today = JsonFormat.DateOf(data.NowMs);
        if (!TryDate(query["start_date"], out var start) || !TryDate(query["end_date"], out var end))
        {
            return new DateWindow(default, default, ApiResponse.BadRequest("querystring/start_date must match format \"date\""));
        }

        var endDate = end ?? today;
        var startDate = start ?? endDate.AddDays(-DefaultWindowDays);
        return startDate > endDate
            ? new DateWindow(startDate, endDate, ApiResponse.AnalyticsDateOrder())
            : new DateWindow(startDate, endDate, null);
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = day;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            date = DateOnly.FromDateTime(instant.UtcDateTime);
            return true;
        }

        return false;
    }
}
