using System.Text.Json;
using Polly;
using Polly.Timeout;

namespace InstantlySync.Api;

/// <summary>
/// Sends one API call through the resilience pipeline and returns its JSON, or throws an
/// <see cref="InstantlyApiException"/>. The only place that touches <see cref="HttpClient"/>.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly string _apiKey;

    public ApiTransport(HttpClient http, ResiliencePipeline<HttpResponseMessage> pipeline, ApiStats stats, string apiKey)
    {
        _http = http;
        _pipeline = pipeline;
        _apiKey = apiKey;
        Stats = stats;
    }

    public ApiStats Stats { get; }

    public async Task<JsonElement> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var received = new Received();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ApiPipeline.RequestKey, request);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async (ctx, call) =>
                {
                    attempts++;
                    return await SendOnceAsync(call, received, cancellationToken, ctx.CancellationToken);
                },
                context,
                request);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException)
        {
            throw ApiFailures.FromTransport(request, e, Redact(e.Message), attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var (detail, firewallBlock) = ApiErrorBody.Describe(received.Body);
                throw ApiFailures.FromResponse(request, (int)response.StatusCode, response.ReasonPhrase, Redact(detail), firewallBlock, attempts);
            }

            if (received.Invalid is { } invalid)
            {
                throw ApiFailures.InvalidResponse(request, attempts, "the body is not valid JSON", invalid);
            }

            return received.Json;
        }
    }

    /// <summary>What the last attempt read: the body, and for a success its JSON or why it is not JSON.</summary>
    private sealed class Received
    {
        public byte[] Body { get; set; } = [];
        public JsonElement Json { get; set; }
        public JsonException? Invalid { get; set; }
    }

    /// <summary>
    /// One attempt. Reading the whole body belongs to it: a connection that drops mid-body is as
    /// transient as one that drops before the headers, and must be retried the same way. The body
    /// is read once and parsed once: a page of leads is a few hundred kilobytes, and every extra
    /// copy of it is a large-object allocation.
    /// </summary>
    private async ValueTask<HttpResponseMessage> SendOnceAsync(
        ApiRequest request, Received received, CancellationToken callerToken, CancellationToken attemptToken)
    {
        Stats.RecordAttempt();
        using var message = request.ToHttpRequestMessage();
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptToken);
            var body = await ReadBodyAsync(response.Content, attemptToken);
            Stats.RecordStatus((int)response.StatusCode);
            Stats.RecordBytes(body.Length);
            (received.Body, received.Json, received.Invalid) = (body, default, null);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    received.Json = JsonElement.Parse(body);
                }
                catch (JsonException e)
                {
                    received.Invalid = e;
                }

                // A body cut short is retried; malformed JSON that is complete is not (it would only repeat).
                // A top-level scalar cannot tell "complete" from "cut after a digit": it is checked too.
                if ((received.Invalid is not null || received.Json.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                    && JsonText.EndsPrematurely(body))
                {
                    throw new TruncatedResponseException();
                }
            }

            return response;
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || (e is OperationCanceledException && !callerToken.IsCancellationRequested))
        {
            // The last case is the per-attempt timeout firing; the caller's own cancellation is no failure.
            Stats.RecordTransportFailure();
            response?.Dispose();
            throw;
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>The whole body in one array: sized by Content-Length when the server sent one.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        if (content.Headers.ContentLength is { } length and <= int.MaxValue)
        {
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken);
            return body;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Server text can echo what it was sent; the key must never reach a message or a log.</summary>
    private string Redact(string text) =>
        _apiKey.Length == 0 ? text : text.Replace(_apiKey, "[redacted]", StringComparison.Ordinal);

    public void Dispose() => _http.Dispose();
}
