using System.Text.Json;

namespace InstantlySync.Entities;

/// <summary>How the sync reads an entity from the API; the sync's dispatch is a switch over these.</summary>
internal enum Reading
{
    /// <summary>GET /campaigns, every page, each merged with its lifetime analytics; gives the others the campaign list.</summary>
    CampaignList,

    /// <summary>One cursor chain over the whole workspace, rescanned every run (no "changed since" filter).</summary>
    Listing,

    /// <summary>One cursor chain per campaign plus one for the items outside every campaign, rescanned every run.</summary>
    ListingPerCampaign,

    /// <summary>One request per campaign plus one for the workspace, over a window of days.</summary>
    DailyPerCampaign,

    /// <summary>One request per campaign over the campaign's lifetime.</summary>
    LifetimePerCampaign,

    /// <summary>Ascending by creation time from the watermark: the one append-only incremental listing.</summary>
    SinceWatermark,
}

/// <summary>A top-level key of an import snapshot whose records become rows of an entity.</summary>
/// <param name="PerCampaign">The value may be keyed by campaign id (per-campaign endpoints have no campaign column).</param>
internal sealed record ImportKey(string Name, bool PerCampaign = false);

/// <summary>
/// One API entity, declared once: its name (used by <c>--entities</c>, the log phases and
/// <c>sync_state</c>), its raw table with key and extracted columns as named fields, how the sync
/// reads it, and the snapshot keys an import maps to it. The transform is the fields read in order:
/// the key fields reject an item that cannot be stored (<see cref="TransformException"/>), the
/// others read leniently (NULL when absent or of the wrong type; <c>raw_json</c> keeps the value).
/// </summary>
internal sealed class Entity
{
    private readonly Dictionary<string, int> _extractedIndex;

    public Entity(string name, string noun, string table, IReadOnlyList<Field> key, IReadOnlyList<Field> columns)
    {
        Name = name;
        Noun = noun;
        Key = key;
        Columns = columns;
        Table = new RawTable(name, table, [.. key.Select(f => f.Column)], [.. columns.Select(f => f.Column)]);
        _extractedIndex = columns.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    /// <summary><c>campaigns</c>, <c>leads</c>, …: the name users type and logs and <c>sync_state</c> use.</summary>
    public string Name { get; }

    /// <summary>How a transform error names one item: "lead item has no \"id\"".</summary>
    public string Noun { get; }

    public IReadOnlyList<Field> Key { get; }
    public IReadOnlyList<Field> Columns { get; }
    public RawTable Table { get; }

    public required Reading Reading { get; init; }

    /// <summary>Read by a date window; its watermark is what <c>--rollback</c> rewinds.</summary>
    public bool Windowed { get; init; }

    public IReadOnlyList<ImportKey> ImportKeys { get; init; } = [];

    /// <summary>The item's own key property a dead letter names (<c>id</c>, <c>email</c>); null names the campaign the request was for.</summary>
    public string? KeyProperty { get; init; } = "id";

    /// <summary>The text stored in <c>raw_json</c>; the item as the API sent it unless the entity merges more in.</summary>
    public Func<ApiItem, string> RawJson { get; init; } = item => item.Json.GetRawText();

    public RawRow ToRow(ApiItem item)
    {
        JsonFields.RequireObject(item.Json, Noun);
        var key = new object?[Key.Count];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = Key[i].Read(item);
        }

        var extracted = new object?[Columns.Count];
        for (var i = 0; i < extracted.Length; i++)
        {
            extracted[i] = Columns[i].Read(item);
        }

        return new RawRow(key, extracted, RawJson(item));
    }

    public RawRow ToRow(JsonElement json) => ToRow(new ApiItem(json));

    /// <summary>The value a row holds for the extracted column <paramref name="column"/>.</summary>
    public object? Value(RawRow row, string column) => row.Extracted[_extractedIndex[column]];

    /// <summary>The record key a dead letter names, as far as the item has one.</summary>
    public string? RecordKey(ApiItem item)
        => KeyProperty is null ? item.CampaignId
            : item.Json.ValueKind == JsonValueKind.Object && item.Json.TryGetProperty(KeyProperty, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

    public override string ToString() => Name;
}
