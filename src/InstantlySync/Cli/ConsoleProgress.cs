using System.Globalization;
using System.Text;
using InstantlySync.Runs;

namespace InstantlySync.Cli;

/// <summary>
/// Redraws one status line every half second while a sync runs: per entity the rows written,
/// pages fetched and rows per second (named <c>acme/leads</c> when several workspaces run).
/// Listings have no known total, so no ETA is guessed for them.
/// </summary>
internal sealed class ConsoleProgress(ConsoleStatusLine line, TimeProvider time) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private List<(string Label, EntityCounts Counts)> _entities = [];
    private Task? _loop;
    private DateTimeOffset _started;

    /// <summary>Adds a run's entities to the line; <paramref name="workspace"/> prefixes their names.</summary>
    public void Track(IReadOnlyCollection<EntityCounts> entities, string? workspace = null)
    {
        if (!line.Enabled)
        {
            return;
        }

        lock (_gate)
        {
            _entities = [.. _entities, .. entities.Select(c => (workspace is null ? c.Entity : $"{workspace}/{c.Entity}", c))];
            if (_loop is null)
            {
                _started = time.GetUtcNow();
                _loop = Task.Run(LoopAsync);
            }
        }
    }

    public static string Describe(IReadOnlyCollection<EntityCounts> entities, TimeSpan elapsed, int width)
        => Describe(entities.Select(c => (c.Entity, c)).ToList(), elapsed, width);

    private static string Describe(IReadOnlyCollection<(string Label, EntityCounts Counts)> entities, TimeSpan elapsed, int width)
    {
        var status = new StringBuilder($"  [{elapsed.TotalSeconds:0}s] {entities.Count(e => e.Counts.Status != "running")}/{entities.Count} done");
        foreach (var (label, c) in entities.Where(e => e.Counts.Status == "running"))
        {
            var rate = elapsed.TotalSeconds > 0 ? c.Written / elapsed.TotalSeconds : 0;
            status.Append(" | ").Append(label).Append(' ')
                .Append(c.Written.ToString("N0", CultureInfo.InvariantCulture)).Append(" rows ")
                .Append(rate.ToString("N0", CultureInfo.InvariantCulture)).Append("/s ")
                .Append(c.Pages.ToString("N0", CultureInfo.InvariantCulture)).Append('p');
        }

        // A status wider than the terminal wraps, and the wrapped part could not be redrawn in place.
        return status.Length < width ? status.ToString() : status.ToString(0, Math.Max(width - 2, 10)) + "…";
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, _stop.Token);
                line.SetStatus(Describe(_entities, time.GetUtcNow() - _started, TerminalWidth()));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped at the end of the run.
        }
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        line.Clear();
        _stop.Dispose();
    }
}
