using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Entities;
using InstantlySync.Storage;
using Serilog;

namespace InstantlySync.Sync;

/// <summary>A campaign as the other entities need it: its id and when it was created.</summary>
internal sealed record CampaignRef(string Id, DateOnly? Created);

/// <summary>Everything the entities of one run share.</summary>
internal sealed class SyncRun
{
    public required Settings Settings { get; init; }
    public required SyncRequest Request { get; init; }
    public required Guid BatchId { get; init; }

    /// <summary>The Instantly id of the workspace this run syncs; every row it writes carries it.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>When the run started; no watermark moves past it.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    public required InstantlyClient Client { get; init; }
    public required Upserter Upserter { get; init; }
    public required DeadLetters DeadLetters { get; init; }
    public required ILogger Log { get; init; }
    public required IReadOnlyDictionary<string, DateTimeOffset?> Watermarks { get; init; }
    public required int BatchSize { get; init; }

    /// <summary>The run's time budget: entities fetch with <see cref="TimeBudget.Fetching"/>, and write with the run's token.</summary>
    public required TimeBudget Budget { get; init; }

    public DateOnly Today => DateOnly.FromDateTime(StartedAt.UtcDateTime);

    /// <summary>Every campaign of the workspace, known once the campaigns phase has listed them.</summary>
    public IReadOnlyList<CampaignRef> Campaigns { get; set; } = [];

    /// <summary>The workspace's lifetime starts with its earliest campaign (today when it has none).</summary>
    public DateOnly LifetimeStart => Campaigns.Select(c => c.Created).OfType<DateOnly>().DefaultIfEmpty(Today).Min();

    /// <summary>A campaign's lifetime starts when it was created, else with the workspace's.</summary>
    public DateOnly LifetimeStartOf(CampaignRef campaign) => campaign.Created ?? LifetimeStart;

    public DateTimeOffset? Watermark(Entity entity) => Watermarks.TryGetValue(entity.Name, out var value) ? value : null;

    /// <summary>The plain values <see cref="SyncWindows"/> decides an entity's window from.</summary>
    public WindowInputs WindowInputs(Entity entity) => new(
        Request, Watermark(entity), StartedAt, LifetimeStart,
        Settings.Sync.InitialWindowDays, Settings.Sync.AnalyticsLookbackDays, Settings.Sync.EmailsOverlapMinutes);
}
