using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstantlySync.FakeApi.Json;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// <c>/_control</c>: steer the fake from outside (time travel, fault switches, statistics), for
/// every workspace or, with <c>workspace=NAME</c>, for one. No auth, no rate limits and no faults
/// apply here.
/// </summary>
internal static class ControlEndpoints
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    public static void Map(WebApplication app, WorkspaceDirectory directory)
    {
        var control = app.MapGroup("/_control");
        control.MapGet("/workspaces", () => Results.Json(directory.All.Select(Describe), SerializerOptions));
        control.MapPost("/advance", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var by = TimeSpan.FromDays(Number(query["days"])) + TimeSpan.FromHours(Number(query["hours"])) + TimeSpan.FromMinutes(Number(query["minutes"]));
            if (by <= TimeSpan.Zero)
            {
                return Results.BadRequest(new { message = "Give a positive days, hours or minutes value." });
            }

            if (Targets(context, directory, out var targets) is { } unknown)
            {
                return unknown;
            }

            var changes = targets.Select(w => w.AdvanceClock(by)).ToList();
            return Results.Json(changes[0], SerializerOptions);
        });
        control.MapPost("/finish", (HttpContext context) =>
        {
            if (Targets(context, directory, out var targets) is { } unknown)
            {
                return unknown;
            }

            var query = context.Request.Query;
            var finished = targets[0].FinishLeads(query["campaign"].ToString(), (int)Number(query["count"]), (int)Number(query["status"]));
            return Results.Json(new { finished }, SerializerOptions);
        });
        control.MapGet("/clock", (HttpContext context) =>
            Targets(context, directory, out var targets) ?? Results.Json(new { now = Timestamp(targets[0].Now) }, SerializerOptions));

        // Without a name, the process's totals: every workspace plus the requests no key reached.
        control.MapGet("/stats", (HttpContext context) =>
            Targets(context, directory, out var targets)
                ?? Results.Json(Named(context) ? targets[0].Stats : directory.Stats(), SerializerOptions));
        control.MapPost("/stats/reset", (HttpContext context) =>
        {
            if (Targets(context, directory, out var targets) is { } unknown)
            {
                return unknown;
            }

            if (Named(context))
            {
                targets[0].ResetStats();
            }
            else
            {
                directory.ResetStats();
            }

            return Results.NoContent();
        });
        control.MapGet("/faults", (HttpContext context) =>
            Targets(context, directory, out var targets) ?? Results.Json(targets[0].Faults, SerializerOptions));
        control.MapPost("/faults", async (HttpContext context) =>
        {
            if (Targets(context, directory, out var targets) is { } unknown)
            {
                return unknown;
            }

            try
            {
                var patch = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                    ?? throw new JsonException("Expected a JSON object.");

                // Every workspace's result is checked before any is changed, so a bad patch changes nothing.
                var merged = targets.Select(w => Merge(w.Faults, patch)).ToList();
                merged.ForEach(f => f.Validate());
                for (var i = 0; i < targets.Count; i++)
                {
                    targets[i].SetFaults(merged[i]);
                }

                return Results.Json(merged[0], SerializerOptions);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                return Results.BadRequest(new { message = ex.Message });
            }
        });
    }

    /// <summary>
    /// The workspaces a control request acts on: the one named by <c>workspace=NAME</c>, else all of
    /// them (the first answers for the reads that show one). Null when found, else the 404 to send.
    /// </summary>
    private static IResult? Targets(HttpContext context, WorkspaceDirectory directory, out IReadOnlyList<FakeWorkspace> targets)
    {
        var name = context.Request.Query["workspace"].ToString();
        if (name.Length == 0)
        {
            targets = directory.All;
            return null;
        }

        if (directory.Find(name) is { } workspace)
        {
            targets = [workspace];
            return null;
        }

        targets = [];
        return Results.NotFound(new { message = $"No workspace named '{name}'. Known: {string.Join(", ", directory.All.Select(w => w.Name))}." });
    }

    private static bool Named(HttpContext context) => context.Request.Query["workspace"].ToString().Length > 0;

    private static string Timestamp(DateTimeOffset at) => JsonFormat.TimestampText(at.ToUnixTimeMilliseconds());

    private static object Describe(FakeWorkspace workspace) => new
    {
        name = workspace.Name,
        workspace_id = workspace.WorkspaceId,
        api_key = workspace.ApiKey,
        sub_workspace_of = workspace.SubWorkspaceOf,
        now = Timestamp(workspace.Now),
    };

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
