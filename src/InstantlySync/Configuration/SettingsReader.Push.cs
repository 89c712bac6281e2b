using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace InstantlySync.Configuration;

/// <summary>The <c>Push</c> sections: the top-level one, and each workspace's own on top of it.</summary>
internal sealed partial class SettingsReader
{
    private const string PushScalars = "SourceView|NewLeadsPerRun|InventoryCap|CooldownDays|MaxDrainPerRun|DrainReplied|SyncBlockList";

    /// <summary>The top-level <c>Push</c> section over the defaults; the source view defaults to <c>lead_pool</c> in the modeled schema.</summary>
    private PushSettings Push(ModelsSettings models)
        => Push(configuration.GetSection("Push"), "Push", new PushSettings { SourceView = $"{models.Schema}.{PushSettings.DefaultSourceViewName}" });

    /// <summary>One <c>Push</c> section: each setting it names replaces the one in <paramref name="inherited"/>.</summary>
    private PushSettings Push(IConfigurationSection section, string where, PushSettings inherited)
    {
        var sourceView = section["SourceView"] is { } view ? view.Trim() : inherited.SourceView;
        if (!PushSettings.IsValidSourceView(sourceView))
        {
            errors.Add($"{where}:SourceView must be a table or view such as {PushSettings.DefaultSourceView} (lower-case name, optionally schema-qualified; got '{sourceView}')");
        }

        var segments = section.GetSection("Segments").GetChildren().Any() ? Segments(section.GetSection("Segments"), $"{where}:Segments") : inherited.Segments;
        return new PushSettings
        {
            SourceView = sourceView,
            Segments = segments,
            NewLeadsPerRun = Int($"{where}:NewLeadsPerRun", inherited.NewLeadsPerRun, 1, 100_000),
            InventoryCap = Int($"{where}:InventoryCap", inherited.InventoryCap, 0, 10_000_000),
            CooldownDays = Int($"{where}:CooldownDays", inherited.CooldownDays, 0, 3650),
            MaxDrainPerRun = Int($"{where}:MaxDrainPerRun", inherited.MaxDrainPerRun, 0, 1_000_000),
            DrainReplied = Bool($"{where}:DrainReplied", inherited.DrainReplied),
            SyncBlockList = Bool($"{where}:SyncBlockList", inherited.SyncBlockList),
        };
    }

    private List<PushSegment> Segments(IConfigurationSection section, string where)
    {
        var segments = new List<PushSegment>();
        foreach (var entry in section.GetChildren().OrderBy(e => int.TryParse(e.Key, out var index) ? index : int.MaxValue))
        {
            var at = $"{where}:{entry.Key}";
            var name = Blank(entry["Name"]);
            var campaign = Blank(entry["Campaign"]);
            var predicate = entry["Where"] is { } text ? text.Trim() : null;
            if (name is null)
            {
                errors.Add($"{at}:Name is missing");
                continue;
            }

            at = $"{at} ({name})";
            if (segments.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{at}: the name is used twice; each segment needs its own");
            }

            if (campaign is null || !Guid.TryParse(campaign, out _))
            {
                errors.Add($"{at}: Campaign must be the campaign's id, a UUID (got '{campaign}')");
            }

            if (predicate is { Length: 0 })
            {
                errors.Add($"{at}: Where is empty; leave it out to take every candidate");
            }
            else if (predicate is not null && predicate.Contains(';', StringComparison.Ordinal))
            {
                // The predicate is placed inside the push's own query; a ';' could end it and start another statement.
                errors.Add($"{at}: Where must be one SQL condition without ';' (got '{predicate}')");
            }

            segments.Add(new PushSegment(name, campaign ?? "", predicate is { Length: > 0 } ? predicate : null));
        }

        return segments;
    }

    /// <summary>Every workspace with its push settings: its own section over the top-level one.</summary>
    private List<WorkspaceSettings> WithPush(List<WorkspaceSettings> workspaces, PushSettings push)
    {
        var entries = configuration.GetSection("Workspaces").GetChildren().ToList();
        return workspaces.Select(workspace =>
        {
            var entry = entries.FirstOrDefault(e => string.Equals(e["Name"]?.Trim(), workspace.Name, StringComparison.Ordinal));
            var own = entry?.GetSection("Push");
            return workspace with { Push = own is not null && own.GetChildren().Any() ? Push(own, $"Workspaces:{entry!.Key}:Push", push) : push };
        }).ToList();
    }

    [GeneratedRegex($"^(Workspaces:[0-9]+:)?Push:(({PushScalars})|Segments:[0-9]+:(Name|Campaign|Where))$", RegexOptions.IgnoreCase)]
    private static partial Regex PushKey();
}
