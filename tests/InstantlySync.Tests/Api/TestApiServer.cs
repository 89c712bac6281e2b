using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstantlySync.Tests.Api;

/// <summary>What the server saw of one request.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    IQueryCollection Query,
    IHeaderDictionary Headers,
    string Body,
    TimeSpan ArrivedAt);

/// <summary>
/// A tiny real HTTP server on 127.0.0.1 with a free port, answering every request with the
/// test's handler and recording what arrived. The handler gets the 1-based request number.
/// </summary>
internal sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;

    private TestApiServer(WebApplication app, Func<HttpContext, int, Task> handler)
    {
        _app = app;
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            _requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                // Copies: Kestrel reuses the request's collections once the response is done.
                new QueryCollection(context.Request.Query.ToDictionary(q => q.Key, q => q.Value)),
                new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)),
                body,
                _clock.Elapsed));
            await handler(context, Interlocked.Increment(ref _count));
        });
    }

    /// <summary>Base URL the way settings hold it: <c>http://127.0.0.1:port/api/v2</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<TestApiServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var server = new TestApiServer(builder.Build(), handler);
        server._app.Urls.Add("http://127.0.0.1:0");
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/api/v2";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Ways the fake endpoints answer.</summary>
internal static class Respond
{
    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json);
    }

    public static Task Text(HttpContext context, string text, int status, string contentType = "text/plain")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(text);
    }

    /// <summary>The Fastify envelope Instantly uses for most errors.</summary>
    public static Task Error(HttpContext context, int status, string error, string message) =>
        Json(context, $$"""{"statusCode":{{status}},"error":"{{error}}","message":"{{message}}"}""", status);

    /// <summary>Promises a longer body than it sends, then drops the connection.</summary>
    public static async Task CutShort(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 1000;
        await context.Response.WriteAsync("""{"items":[{"id":"a"},""");
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    /// <summary>Closes the connection without any response.</summary>
    public static Task Drop(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    public static string Page(string? cursor, params string[] ids)
    {
        var items = string.Join(',', ids.Select(id => $$"""{"id":"{{id}}"}"""));
        return cursor is null
            ? $$"""{"items":[{{items}}]}"""
            : $$"""{"items":[{{items}}],"next_starting_after":"{{cursor}}"}""";
    }
}
