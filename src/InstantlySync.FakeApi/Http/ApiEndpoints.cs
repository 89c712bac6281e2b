using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

internal static class ApiEndpoints
{
    public static void Map(WebApplication app, WorkspaceStore store, StatsCounter stats)
    {
        var api = app.MapGroup(ApiGate.ApiPrefix);
        api.MapGet("/workspaces/current", context => Serve(context, store, stats, (data, _) => ListEndpoints.Workspace(data)));
        api.MapGet("/campaigns", context => Serve(context, store, stats, (data, faults) => ListEndpoints.Campaigns(context.Request.Query, data, faults)));
        api.MapGet("/campaigns/analytics", context => Serve(context, store, stats, (data, _) => AnalyticsEndpoints.Campaigns(context.Request.Query, data)));
        api.MapGet("/campaigns/analytics/daily", context => Serve(context, store, stats, (data, _) => AnalyticsEndpoints.Daily(context.Request.Query, data)));
        api.MapGet("/campaigns/analytics/steps", context => Serve(context, store, stats, (data, _) => AnalyticsEndpoints.Steps(context.Request.Query, data)));
        api.MapGet("/accounts", context => Serve(context, store, stats, (data, faults) => ListEndpoints.Accounts(context.Request.Query, data, faults)));
        api.MapGet("/emails", context => Serve(context, store, stats, (data, faults) => ListEndpoints.Emails(context.Request.Query, data, faults)));
        api.MapPost("/leads/list", async context =>
        {
            var (query, error) = await LeadsEndpoint.ParseAsync(context.Request, context.RequestAborted);
            if (error is { } invalid)
            {
                await invalid.WriteAsync(context, truncate: false);
                return;
            }

            await Serve(context, store, stats, (data, faults) => LeadsEndpoint.List(query!, data, faults));
        });
        api.MapFallback(context =>
        {
            var route = $"Route {context.Request.Method}:{context.Request.Path} not found";
            return ApiResponse.Error(StatusCodes.Status404NotFound, route).WriteAsync(context, truncate: false);
        });
    }

    /// <summary>Builds the response under the read lock, then writes it (halved when the truncation fault hit).</summary>
    private static Task Serve(HttpContext context, WorkspaceStore store, StatsCounter stats, Func<WorkspaceData, RequestFaults, ApiResponse> handler)
    {
        var faults = context.Features.Get<RequestFaults>() ?? new RequestFaults();
        var response = store.Read(data => handler(data, faults));
        var truncate = faults.Truncate && response.Status == StatusCodes.Status200OK;
        if (truncate)
        {
            stats.Fault("truncated_body");
        }

        return response.WriteAsync(context, truncate);
    }
}
