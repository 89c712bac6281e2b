using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace InstantlySync.IntegrationTests.Api;

/// <summary>
/// A WireMock.Net server on 127.0.0.1 that answers each recorded request with its recorded
/// response, under the <c>/api</c> prefix api.instantly.ai uses. A request that matches no
/// recording gets WireMock's 404, which the client turns into an exception: a client that asks
/// for anything other than what was recorded fails the test.
/// </summary>
internal sealed class RecordedApi : IDisposable
{
    private readonly WireMockServer _server;

    private RecordedApi(WireMockServer server) => _server = server;

    /// <summary>Port 0: the OS picks a free port, so tests never collide with each other.</summary>
    public static RecordedApi Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] }));

    /// <summary>The client's base URL, shaped like <c>https://api.instantly.ai/api/v2</c>.</summary>
    public string BaseUrl => $"{_server.Url}/api/v2";

    /// <summary>Every request the server received, oldest first, matched or not.</summary>
    public IReadOnlyList<ILogEntry> Requests => [.. _server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)];

    /// <summary>Answers the recorded request with the recorded response.</summary>
    /// <param name="ignoredParams">Recorded query parameters the client is not expected to send.</param>
    public void Serve(Recording recording, params string[] ignoredParams) =>
        When(recording, ignoredParams).RespondWith(Json(200, recording.ResponseBody));

    /// <summary>
    /// A stub for the recorded request, to be given a response (and a scenario state). Among the
    /// recordings a request matches, the one that names more parameters wins: page 2 of a listing
    /// (with <c>starting_after</c>) over page 1.
    /// </summary>
    public IRespondWithAProvider When(Recording recording, params string[] ignoredParams)
    {
        var request = Request.Create().WithPath("/api" + recording.Path).UsingMethod(recording.Method);
        var parameters = recording.Params.Where(p => !ignoredParams.Contains(p.Key)).ToList();
        foreach (var (name, value) in parameters)
        {
            request = request.WithParam(name, value);
        }

        if (recording.Data is { } body)
        {
            // Exact JSON equality: a body with an extra or a missing field is not the recorded request.
            request = request.WithBody(new JsonMatcher(body));
        }

        return _server.Given(request).AtPriority(100 - parameters.Count);
    }

    /// <summary>A response with a JSON body, as Instantly's Fastify server sends it.</summary>
    public static IResponseBuilder Json(int status, string body) => Body(status, "application/json; charset=utf-8", body);

    public static IResponseBuilder Body(int status, string contentType, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);

    public void Dispose() => _server.Dispose();
}
