using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>The counters shared by daily and step analytics rows, in the column order of both tables.</summary>
internal static class AnalyticsMetrics
{
    public static object?[] Read(JsonElement row) =>
    [
        Int(row, "sent"),
        Int(row, "opened"),
        Int(row, "unique_opened"),
        Int(row, "replies"),
        Int(row, "unique_replies"),
        Int(row, "clicks"),
        Int(row, "unique_clicks"),
    ];
}
