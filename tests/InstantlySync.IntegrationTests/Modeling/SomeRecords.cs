using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>Small hand-written API records for the oracle's own tests: a base record plus the fields a case needs.</summary>
internal static class SomeRecords
{
    /// <summary>A lead as <c>POST /leads/list</c> returns it; a field given as null is left out.</summary>
    public static string Lead(string id, string updated = "2025-03-01T10:00:00.000Z", params (string Key, object? Value)[] fields) =>
        Build(
            [
                ("id", id), ("timestamp_created", "2025-02-01T09:00:00.000Z"), ("timestamp_updated", updated),
                ("campaign", "c1"), ("status", 1), ("email_open_count", 0), ("email_reply_count", 0), ("email_click_count", 0),
                ("status_summary", new { }), ("email", "jane@acme.io"),
            ],
            fields);

    public static string Campaign(string id, params (string Key, object? Value)[] fields) =>
        Build([("id", id), ("name", "Q3 founders"), ("status", 1), ("timestamp_created", "2025-01-05T08:00:00.000Z")], fields);

    public static string Email(string id, params (string Key, object? Value)[] fields) =>
        Build(
            [
                ("id", id), ("timestamp_created", "2025-03-02T11:00:00.000Z"), ("subject", "Hello"),
                ("campaign_id", "c1"), ("lead", "jane@acme.io"), ("ue_type", 1), ("step", "0_0_0"),
            ],
            fields);

    public static string Json(object value) => JsonSerializer.Serialize(value);

    private static string Build((string Key, object? Value)[] defaults, (string Key, object? Value)[] fields)
    {
        var record = new JsonObject();
        foreach (var (key, value) in defaults.Concat(fields))
        {
            record.Remove(key);
            if (value is not null)
            {
                record[key] = JsonSerializer.SerializeToNode(value);
            }
        }

        return record.ToJsonString();
    }
}
