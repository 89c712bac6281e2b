using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstantlySync.FakeApi.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// <c>/_control</c>: steer the fake from outside (time travel, fault switches, statistics). No
/// auth, no rate limits and no faults apply here.
/// </summary>
internal static class ControlEndpoints
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    public static void Map(WebApplication app, WorkspaceStore store, FaultInjector faults, StatsCounter stats)
    {
        var control = app.MapGroup("/_control");
        control.MapPost("/advance", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var by = TimeSpan.FromDays(Number(query["days"])) + TimeSpan.FromHours(Number(query["hours"])) + TimeSpan.FromMinutes(Number(query["minutes"]));
            if (by <= TimeSpan.Zero)
            {
                return Results.BadRequest(new { message = "Give a positive days, hours or minutes value." });
            }

            return Results.Json(store.Advance(by), SerializerOptions);
        });
        control.MapGet("/clock", () => Results.Json(new { now = store.Read(d => JsonFormat.TimestampText(d.NowMs)) }, SerializerOptions));
        control.MapGet("/stats", () => Results.Json(stats.Snapshot(), SerializerOptions));
        control.MapPost("/stats/reset", () =>
        {
            stats.Reset();
            return Results.NoContent();
        });
        control.MapGet("/faults", () => Results.Json(faults.Current, SerializerOptions));
        control.MapPost("/faults", async (HttpContext context) =>
        {
            try
            {
                var patch = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                    ?? throw new JsonException("Expected a JSON object.");
                var merged = Merge(faults.Current, patch);
                faults.Set(merged);
                return Results.Json(merged, SerializerOptions);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                return Results.BadRequest(new { message = ex.Message });
            }
        });
    }

    /// <summary>Applies only the switches present in the body; unknown names are refused rather than ignored.</summary>
    public static FakeFaults Merge(FakeFaults current, JsonObject patch)
    {
        var merged = JsonSerializer.SerializeToNode(current, SerializerOptions)!.AsObject();
        foreach (var (name, value) in patch)
        {
            if (!merged.ContainsKey(name))
            {
                throw new ArgumentException($"Unknown fault switch '{name}'. Known: {string.Join(", ", merged.Select(p => p.Key))}.");
            }

            merged[name] = value?.DeepClone();
        }

        return merged.Deserialize<FakeFaults>(SerializerOptions) ?? current;
    }

    private static double Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

}
