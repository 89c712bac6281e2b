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
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ApiPipeline.RequestKey, request);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async (ctx, call) =>
                {
                    attempts++;
                    return await SendOnceAsync(call, cancellationToken, ctx.CancellationToken);
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
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var (detail, firewallBlock) = ApiErrorBody.Describe(body);
                throw ApiFailures.FromResponse(request, status, response.ReasonPhrase, Redact(detail), firewallBlock, attempts);
            }

            try
            {
                return JsonElement.Parse(body);
            }
            catch (JsonException e)
            {
                throw ApiFailures.InvalidResponse(request, attempts, "the body is not valid JSON", e);
            }
        }
    }

    /// <summary>
    /// One attempt. Reading the whole body belongs to it: a connection that drops mid-body is as
    /// transient as one that drops before the headers, and must be retried the same way.
    /// </summary>
    private async ValueTask<HttpResponseMessage> SendOnceAsync(
        ApiRequest request, CancellationToken callerToken, CancellationToken attemptToken)
    {
        Stats.RecordAttempt();
        using var message = request.ToHttpRequestMessage();
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptToken);
            await response.Content.LoadIntoBufferAsync(attemptToken);
            var body = await response.Content.ReadAsByteArrayAsync(attemptToken);
            Stats.RecordStatus((int)response.StatusCode);
            Stats.RecordBytes(body.Length);
            if (response.IsSuccessStatusCode && JsonText.EndsPrematurely(body))
            {
                throw new TruncatedResponseException();
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

    /// <summary>Server text can echo what it was sent; the key must never reach a message or a log.</summary>
    private string Redact(string text) =>
        _apiKey.Length == 0 ? text : text.Replace(_apiKey, "[redacted]", StringComparison.Ordinal);

    public void Dispose() => _http.Dispose();
}
