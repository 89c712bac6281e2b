using InstantlySync.Runs;

namespace InstantlySync.Tests.Runs;

public sealed class RunVerdictTests
{
    private const string S = EntityStatus.Succeeded;
    private const string P = EntityStatus.Partial;
    private const string F = EntityStatus.Failed;
    private const string C = EntityStatus.Cancelled;
    private const string T = EntityStatus.Timeout;

    /// <summary>Entities as "status" or "status:error:failed records", comma separated.</summary>
    private static List<EntityResult> Entities(string spec) => spec.Split(',').Select((part, i) =>
    {
        var fields = part.Split(':');
        return new EntityResult($"e{i}", fields[0], fields.Length > 1 && fields[1].Length > 0 ? fields[1] : null,
            fields.Length > 2 ? long.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
    }).ToList();

    public static TheoryData<string, bool, string?, string?, string, string?> Cases() => new()
    {
        // entities, cancelled, stop error, run error => status, stored error
        { $"{S},{S}", false, null, null, "Succeeded", null },
        { $"{S},{P}::3", false, null, null, "Partial", "3 record(s) failed; see sync_dead_letters" },
        { $"{S},{F}:403 Forbidden", false, null, null, "Partial", "e1: 403 Forbidden" },
        { $"{F}:a,{F}:b", false, null, null, "Failed", "e0: a; e1: b" },
        { $"{P}::2,{P}::5", false, null, null, "Partial", "7 record(s) failed; see sync_dead_letters" },
        { $"{S},{S}", false, null, "campaigns could not be listed: 500", "Partial", "campaigns could not be listed: 500" },
        { $"{F}:x,{C}", false, "the API key was refused (401)", null, "Stopped", "the API key was refused (401)" },
        { $"{S},{S}", false, "database unreachable: refused", "campaigns could not be listed", "Stopped", "database unreachable: refused" },
        { $"{S},{C}", true, null, null, "Cancelled", "cancelled" },
        { $"{F}:x,{C}", true, "the API key was refused (401)", null, "Cancelled", "the API key was refused (401)" },
        { $"{F}:x", false, null, null, "Failed", "e0: x" },
        { $"{S},{T}:reached 10:00", false, null, null, "Timeout", "stopped at the time budget; not finished: e1" },
        { $"{T}:a,{T}:b", false, null, null, "Timeout", "stopped at the time budget; not finished: e0, e1" },
        { $"{F}:403 Forbidden,{T}:a", false, null, null, "Timeout", "stopped at the time budget; not finished: e1; e0: 403 Forbidden" },
        { $"{S},{T}:a", false, null, "campaigns could not be listed: 500", "Timeout", "stopped at the time budget; not finished: e1; campaigns could not be listed: 500" },
        { $"{S},{T}:a", false, "the API key was refused (401)", null, "Stopped", "the API key was refused (401)" },
        { $"{T}:a,{C}", true, null, null, "Cancelled", "cancelled" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_run_ends_with_the_status_its_entities_and_failures_decide(
        string entities, bool cancelled, string? stopError, string? runError, string status, string? error)
    {
        var verdict = RunVerdict.Decide(Entities(entities), cancelled, stopError, runError);

        Assert.Equal((Enum.Parse<RunStatus>(status), error), (verdict.Status, verdict.Error));
    }

    [Theory]
    [InlineData("Succeeded", "succeeded")]
    [InlineData("Partial", "partial")]
    [InlineData("Failed", "failed")]
    [InlineData("Stopped", "failed")]
    [InlineData("Locked", "locked")]
    [InlineData("Cancelled", "cancelled")]
    [InlineData("Timeout", "timeout")]
    public void Each_status_is_stored_under_the_name_status_reports(string status, string stored)
        => Assert.Equal(stored, RunStatuses.Stored(Enum.Parse<RunStatus>(status)));
}
