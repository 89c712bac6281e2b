using InstantlySync.Sync;

namespace InstantlySync.Cli;

/// <summary>What a dry run would have changed, one line per entity.</summary>
internal static class DryRunReport
{
    /// <param name="workspace">The workspace's name when several are configured.</param>
    public static async Task WriteAsync(TextWriter output, SyncOutcome outcome, string? workspace = null)
    {
        await output.WriteLineAsync($"Dry run{(workspace is null ? "" : $" of workspace {workspace}")}: nothing was written. Per entity, what a real run would do:");
        await output.WriteLineAsync($"  {"entity",-16} {"fetched",9} {"insert",9} {"update",9} {"unchanged",10} {"failed",7}  status");
        foreach (var c in outcome.Entities)
        {
            await output.WriteLineAsync(
                $"  {c.Entity,-16} {c.Fetched,9} {c.Inserted,9} {c.Updated,9} {c.Unchanged,10} {c.Failed,7}  {c.Status}{(c.Error is null ? "" : " - " + c.Error)}");
        }
    }
}
