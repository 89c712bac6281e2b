using InstantlySync.Configuration;
using InstantlySync.Entities;

namespace InstantlySync.Sync;

/// <summary>The raw flag values of <c>sync</c>, as typed.</summary>
internal sealed record SyncFlags(
    bool All = false,
    string? From = null,
    string? To = null,
    string? Last = null,
    string? Rollback = null,
    string? Entities = null,
    bool DryRun = false,
    int? BatchSize = null,
    string? MaxDuration = null);

/// <summary>Turns flags into a <see cref="SyncRequest"/> or a one-line reason (exit 2), before any network or database work.</summary>
internal static class SyncRequestParser
{
    public static bool TryParse(SyncFlags flags, DateTimeOffset now, out SyncRequest request, out string error)
    {
        request = new SyncRequest();
        error = "";
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var modes = new List<string>();
        if (flags.All) modes.Add("--all");
        if (flags.From is not null) modes.Add("--from");
        if (flags.Last is not null) modes.Add("--last");
        if (flags.Rollback is not null) modes.Add("--rollback");
        if (modes.Count > 1)
        {
            error = $"{string.Join(" and ", modes)} cannot be combined; choose one";
            return false;
        }

        if (flags.To is not null && flags.From is null && flags.Last is null)
        {
            error = "--to needs --from or --last";
            return false;
        }

        if (SyncSettings.BatchSizeError(flags.BatchSize) is { } batchSizeError)
        {
            error = batchSizeError;
            return false;
        }

        TimeSpan? maxDuration = null;
        if (flags.MaxDuration is not null)
        {
            if (!Durations.TryParse(flags.MaxDuration, out var budget))
            {
                error = $"--max-duration '{flags.MaxDuration}' is not a duration; use a whole number of seconds, minutes or hours, such as {Durations.Examples} (at most {Durations.Format(Durations.Longest)})";
                return false;
            }

            maxDuration = budget;
        }

        if (!TryParseEntities(flags.Entities, out var entities, out error))
        {
            return false;
        }

        request = new SyncRequest { Entities = entities, DryRun = flags.DryRun, MaxDuration = maxDuration };

        if (flags.All)
        {
            request = request with { Mode = SyncMode.All };
            return true;
        }

        if (flags.Rollback is not null)
        {
            if (!DateFlags.TryParseDate("--rollback", flags.Rollback, out var date, out error))
            {
                return false;
            }

            if (date > today)
            {
                error = $"--rollback {flags.Rollback} is in the future";
                return false;
            }

            request = request with { Mode = SyncMode.Rollback, RollbackTo = date };
            return true;
        }

        if (flags.From is null && flags.Last is null)
        {
            return true;
        }

        DateTimeOffset start;
        if (flags.From is not null)
        {
            if (!DateFlags.TryParseDate("--from", flags.From, out var from, out error))
            {
                return false;
            }

            if (from > today)
            {
                error = $"--from {flags.From} is in the future";
                return false;
            }

            start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        else if (!DateFlags.TryParseSpan(flags.Last!, now, out start, out error))
        {
            return false;
        }

        var end = today;
        if (flags.To is not null)
        {
            if (!DateFlags.TryParseDate("--to", flags.To, out end, out error))
            {
                return false;
            }

            if (end < DateOnly.FromDateTime(start.UtcDateTime))
            {
                error = $"--to {flags.To} is before the window start {start.UtcDateTime:yyyy-MM-dd}";
                return false;
            }
        }

        request = request with
        {
            Mode = flags.From is not null ? SyncMode.From : SyncMode.Last,
            WindowStart = start,
            WindowEnd = end,
        };
        return true;
    }

    private static bool TryParseEntities(string? value, out IReadOnlyList<Entity> entities, out string error)
    {
        entities = EntityCatalog.All;
        error = "";
        if (value is null)
        {
            return true;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.ToLowerInvariant())
            .Distinct()
            .ToList();
        var choices = string.Join(",", EntityCatalog.Names);
        if (names.Count == 0)
        {
            error = $"--entities is empty; choose from {choices}";
            return false;
        }

        var unknown = names.Where(n => !EntityCatalog.TryFind(n, out _)).ToList();
        if (unknown.Count > 0)
        {
            error = $"--entities: unknown entity '{unknown[0]}'; choose from {choices}";
            return false;
        }

        // Run order follows the catalog, not the order typed.
        entities = EntityCatalog.All.Where(e => names.Contains(e.Name)).ToList();
        return true;
    }
}
