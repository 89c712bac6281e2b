using System.Text;
using InstantlySync.Logging;
using InstantlySync.Runs;
using InstantlySync.Sync;

namespace InstantlySync.Cli;

/// <summary>Appends a Markdown run table to the GitHub Actions job summary when GITHUB_STEP_SUMMARY is set.</summary>
internal static class StepSummary
{
    public const string Variable = "GITHUB_STEP_SUMMARY";

    /// <param name="workspace">The workspace's name when several are configured.</param>
    public static async Task AppendAsync(IReadOnlyDictionary<string, string?> environment, SyncOutcome outcome, SyncRequest request, string? workspace = null)
    {
        if (!environment.TryGetValue(Variable, out var path) || string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var markdown = new StringBuilder();
        markdown.AppendLine($"### InstantlySync {(workspace is null ? "" : workspace + " ")}{request.ModeName}{(request.DryRun ? " (dry run)" : "")}: {outcome.Status}");
        markdown.AppendLine();
        markdown.AppendLine($"Batch `{outcome.BatchId}`");
        markdown.AppendLine();
        markdown.AppendLine("| entity | inserted | updated | unchanged | failed | duration | status |");
        markdown.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var c in outcome.Entities)
        {
            markdown.AppendLine($"| {c.Entity} | {c.Inserted} | {c.Updated} | {c.Unchanged} | {c.Failed} | {c.Duration.TotalSeconds:0.0}s | {c.Status} |");
        }

        if (outcome.Result == RunStatus.Timeout)
        {
            markdown.AppendLine();
            markdown.AppendLine("Stopped at the time budget with work left; the next run continues from the committed watermarks:");
            markdown.AppendLine();
            foreach (var c in outcome.Entities.Where(c => c.Status == EntityStatus.Timeout))
            {
                markdown.AppendLine($"- {c.Entity}: {c.Error}");
            }
        }
        else if (outcome.Error is not null)
        {
            markdown.AppendLine();
            markdown.AppendLine($"> {Redaction.Apply(outcome.Error)}");
        }

        try
        {
            await File.AppendAllTextAsync(path, markdown.ToString());
        }
        catch (IOException)
        {
            // The summary is a convenience; the run's outcome does not depend on it.
        }
    }
}
