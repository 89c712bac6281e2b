using System.Buffers;
using System.Text.Json;
using InstantlySync.FakeApi.Json;

namespace InstantlySync.FakeApi.Http;

/// <summary>
/// A finished response body, built under the workspace lock and written after it is released. The
/// first <paramref name="Length"/> bytes of <paramref name="Body"/> are the JSON; the array is rented
/// and goes back to the pool once written.
/// </summary>
internal readonly record struct ApiResponse(int Status, byte[] Body, int Length)
{
    /// <summary>
    /// One buffer per thread, reused: a page of leads is a few hundred kilobytes, and growing a new
    /// buffer to that size for every response costs the fake more than writing the JSON.
    /// </summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static ApiResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        // Taken while in use, so a response built inside another's callback gets its own buffer.
        var buffer = _buffer ?? new ArrayBufferWriter<byte>(64 * 1024);
        _buffer = null;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, JsonFormat.WriterOptions))
        {
            write(writer);
        }

        var body = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(body);
        var response = new ApiResponse(status, body, buffer.WrittenCount);
        _buffer = buffer.Capacity <= 4 * 1024 * 1024 ? buffer : null;
        return response;
    }

    public static ApiResponse Ok(Action<Utf8JsonWriter> write) => Json(StatusCodes.Status200OK, write);

    /// <summary>The Fastify error envelope most endpoints use: <c>{"statusCode","error","message"}</c>.</summary>
    public static ApiResponse Error(int status, string message) => Json(status, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("statusCode", status);
        writer.WriteString("error", ReasonPhrase(status));
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });

    public static ApiResponse BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    /// <summary>The analytics endpoints break the envelope: only a message.</summary>
    public static ApiResponse AnalyticsDateOrder() => Json(StatusCodes.Status400BadRequest, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("message", "Start Date must be earlier than End Date");
        writer.WriteEndObject();
    });

    public static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    public async Task WriteAsync(HttpContext context, bool truncate)
    {
        // A truncated body is a complete HTTP response whose JSON stops halfway.
        var length = truncate ? Length / 2 : Length;
        context.Response.StatusCode = Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = length;
        try
        {
            await context.Response.Body.WriteAsync(Body.AsMemory(0, length), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(Body);
        }
    }
}
