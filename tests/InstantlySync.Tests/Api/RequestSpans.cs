namespace InstantlySync.Tests.Api;

/// <summary>When a simulated request was let through and when its response was read.</summary>
internal sealed record RequestSpan(TimeSpan Granted, TimeSpan Released);

internal static class RequestSpans
{
    /// <summary>
    /// The most requests a server could count in one rolling <paramref name="window"/>, whatever
    /// moment between its grant and its release each one arrived at. A set of requests can all
    /// arrive within one window exactly when every one of them is granted before the earliest
    /// release among them plus the window, so trying each release as that earliest one is enough.
    /// </summary>
    public static int MostInAnyWindow(IReadOnlyList<RequestSpan> spans, TimeSpan window)
        => spans.Count == 0
            ? 0
            : spans.Max(first => spans.Count(s => s.Released >= first.Released && s.Granted < first.Released + window));

    /// <summary>
    /// Starts <paramref name="work"/> outside xUnit's SynchronizationContext, which would queue
    /// every continuation: without it code awaiting the limiter or a delay resumes inside the
    /// manual clock's Advance, so the times a test reads are exact.
    /// </summary>
    public static T Detached<T>(Func<T> work)
        where T : Task
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return work();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
