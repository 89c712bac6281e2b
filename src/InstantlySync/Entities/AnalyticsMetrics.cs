using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>The counters shared by daily and step analytics rows, in the column order of both tables.</summary>
internal static class AnalyticsMetrics
{
    public static IReadOnlyList<Field> Fields { get; } =
    [
        Int("sent", r => Int(r.Json, "sent")),
        Int("opened", r => Int(r.Json, "opened")),
        Int("unique_opened", r => Int(r.Json, "unique_opened")),
        Int("replies", r => Int(r.Json, "replies")),
        Int("unique_replies", r => Int(r.Json, "unique_replies")),
        Int("clicks", r => Int(r.Json, "clicks")),
        Int("unique_clicks", r => Int(r.Json, "unique_clicks")),
    ];
}
