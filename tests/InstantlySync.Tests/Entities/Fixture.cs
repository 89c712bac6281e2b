using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstantlySync.Tests.Entities;

/// <summary>API items recorded in <c>Fixtures/</c>, and variants of them.</summary>
internal static class Fixture
{
    public static JsonElement Load(string name)
        => Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Entities", "Fixtures", $"{name}.json")));

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>Builds variants of a fixture: <c>Some.With(lead, "status", "-1")</c>.</summary>
internal static class Some
{
    /// <summary>The item with <paramref name="name"/> set to <paramref name="json"/> (a JSON value as text).</summary>
    public static JsonElement With(JsonElement item, string name, string json)
    {
        var node = JsonNode.Parse(item.GetRawText())!.AsObject();
        node[name] = JsonNode.Parse(json);
        return Fixture.Parse(node.ToJsonString());
    }

    public static JsonElement Without(JsonElement item, params string[] names)
    {
        var node = JsonNode.Parse(item.GetRawText())!.AsObject();
        foreach (var name in names)
        {
            node.Remove(name);
        }

        return Fixture.Parse(node.ToJsonString());
    }
}
