using System.Text.Json;
using NpgsqlTypes;

namespace InstantlySync.Entities;

/// <summary>
/// What an entity's fields read: the API item, the campaign the request was made for (per-campaign
/// analytics rows do not name their campaign; NULL for workspace-wide rows), and for a campaign its
/// lifetime row from GET /campaigns/analytics.
/// </summary>
internal readonly record struct ApiItem(JsonElement Json, string? CampaignId = null, JsonElement? Analytics = null);

/// <summary>
/// One column of a raw table and how its value is read from an <see cref="ApiItem"/>. The typed
/// factories tie the column's PostgreSQL type to the CLR type its reader returns, so a column and
/// its value cannot disagree.
/// </summary>
internal sealed record Field(RawColumn Column, Func<ApiItem, object?> Read)
{
    public string Name => Column.Name;

    public static Field Text(string name, Func<ApiItem, string?> read, bool nullable = true)
        => new(new RawColumn(name, NpgsqlDbType.Text, nullable), item => read(item));

    public static Field Int(string name, Func<ApiItem, int?> read)
        => new(new RawColumn(name, NpgsqlDbType.Integer), item => read(item));

    public static Field Numeric(string name, Func<ApiItem, decimal?> read)
        => new(new RawColumn(name, NpgsqlDbType.Numeric), item => read(item));

    public static Field Timestamp(string name, Func<ApiItem, DateTimeOffset?> read)
        => new(new RawColumn(name, NpgsqlDbType.TimestampTz), item => read(item));

    public static Field Date(string name, Func<ApiItem, DateOnly> read)
        => new(new RawColumn(name, NpgsqlDbType.Date, Nullable: false), item => read(item));
}
