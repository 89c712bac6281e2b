using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

internal static class ApiEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup(ApiGate.ApiPrefix);
        api.MapGet("/workspaces/current", context => Serve(context, (data, _) => ListEndpoints.Workspace(data)));
        api.MapGet("/campaigns", context => Serve(context, (data, faults) => ListEndpoints.Campaigns(context.Request.Query, data, faults)));
        api.MapGet("/campaigns/analytics", context => Serve(context, (data, _) => AnalyticsEndpoints.Campaigns(context.Request.Query, data)));
        api.MapGet("/campaigns/analytics/daily", context => Serve(context, (data, _) => AnalyticsEndpoints.Daily(context.Request.Query, data)));
        api.MapGet("/campaigns/analytics/steps", context => Serve(context, (data, _) => AnalyticsEndpoints.Steps(context.Request.Query, data)));
        api.MapGet("/accounts", context => Serve(context, (data, faults) => ListEndpoints.Accounts(context.Request.Query, data, faults)));
        api.MapGet("/emails", context => Serve(context, (data, faults) => ListEndpoints.Emails(context.Request.Query, data, faults)));
        api.MapGet("/workspace-group-members", context => Serve(context, (_, faults) => WorkspaceGroupEndpoints.Members(context.Request.Query, Current(context), faults)));
        api.MapGet("/workspace-group-members/admin", context => Serve(context, (_, _) => WorkspaceGroupEndpoints.Admin(Current(context))));
        api.MapPost("/leads/list", async context =>
        {
            var (query, error) = await LeadsEndpoint.ParseAsync(context.Request, context.RequestAborted);
            if (error is { } invalid)
            {
                await invalid.WriteAsync(context, truncate: false);
                return;
            }

            await Serve(context, (data, faults) => LeadsEndpoint.List(query!, data, faults));
        });
        api.MapPost("/leads/add", context => Write(context, WriteEndpoints.AddLeads));
        api.MapDelete("/leads", context => Write(context, WriteEndpoints.DeleteLeads));
        api.MapPost("/leads", context => Write(context, WriteEndpoints.CreateLead));
        api.MapDelete("/leads/{id}", async context =>
        {
            // Bodyless: a client that still declares a JSON content type meets Fastify's empty-body 400.
            var (_, error) = context.Request.ContentLength == 0 && context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                ? await WriteEndpoints.ReadBodyAsync(context.Request, context.RequestAborted)
                : (default, null);
            var id = context.Request.RouteValues["id"] as string ?? "";
            var response = error ?? Current(context).Store.Write(data => WriteEndpoints.DeleteLead(id, data));
            await response.WriteAsync(context, truncate: false);
        });
        api.MapPost("/block-lists-entries/bulk-create", context => Write(context, WriteEndpoints.BulkCreateBlockListEntries));
        api.MapFallback(context =>
        {
            var route = $"Route {context.Request.Method}:{context.Request.Path} not found";
            return ApiResponse.Error(StatusCodes.Status404NotFound, route).WriteAsync(context, truncate: false);
        });
    }

    /// <summary>Reads the JSON body, then changes the workspace under its write lock and answers.</summary>
    private static async Task Write(HttpContext context, Func<System.Text.Json.JsonElement, WorkspaceData, ApiResponse> handler)
    {
        var (body, error) = await WriteEndpoints.ReadBodyAsync(context.Request, context.RequestAborted);
        var response = error ?? Current(context).Store.Write(data => handler(body, data));
        await response.WriteAsync(context, truncate: false);
    }

    /// <summary>The workspace the gate resolved for this request.</summary>
    private static FakeWorkspace Current(HttpContext context) => context.Features.Get<FakeWorkspace>()!;

    /// <summary>Builds the response under the workspace's read lock, then writes it (halved when the truncation fault hit).</summary>
    private static Task Serve(HttpContext context, Func<WorkspaceData, RequestFaults, ApiResponse> handler)
    {
        var workspace = Current(context);
        var faults = context.Features.Get<RequestFaults>() ?? new RequestFaults();
        var response = workspace.Store.Read(data => handler(data, faults));
        var truncate = faults.Truncate && response.Status == StatusCodes.Status200OK;
        if (truncate)
        {
            workspace.Counter.Fault("truncated_body");
        }

        return response.WriteAsync(context, truncate);
    }
}
