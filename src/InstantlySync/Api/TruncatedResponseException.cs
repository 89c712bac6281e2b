namespace InstantlySync.Api;

/// <summary>
/// A 2xx body that stops in the middle of its JSON. Derives from <see cref="IOException"/>
/// because its real-world cause is a dropped connection, so it is retried like one.
/// </summary>
internal sealed class TruncatedResponseException : IOException
{
    public TruncatedResponseException()
        : base("The response body ended before its JSON was complete.")
    {
    }

    public TruncatedResponseException(string message)
        : base(message)
    {
    }

    public TruncatedResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
