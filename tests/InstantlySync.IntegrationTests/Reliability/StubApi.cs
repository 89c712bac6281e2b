using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// A tiny Kestrel server on 127.0.0.1 that answers every request with a handler of the test's
/// making: crafted JSON the fake would never serve, or the fake itself behind a switch.
/// </summary>
public sealed class StubApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubApi(WebApplication app, string root)
    {
        _app = app;
        BaseUrl = root.TrimEnd('/') + "/api/v2";
    }

    public string BaseUrl { get; }

    public static async Task<StubApi> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            // Request bodies are small; responses may be large on purpose (the 5 MB field).
            kestrel.Limits.MaxResponseBufferSize = null;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StubApi(app, address);
    }

    /// <summary>Passes a request on to <paramref name="upstream"/> (the fake's root URL) and copies its answer back.</summary>
    public static async Task ForwardAsync(HttpContext context, HttpClient upstream)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(upstream);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || HttpMethods.IsPost(context.Request.Method))
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/json");
        }

        request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        using var response = await upstream.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString();
        }

        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    public static Task JsonAsync(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
