using System.Globalization;
using InstantlySync.Sync;

namespace InstantlySync.Tests.Sync;

public sealed class SyncWindowsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Lifetime = new(2026, 3, 1);

    private static DateTimeOffset? Time(string? text)
        => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static SyncRequest Request(string mode, string? from = null, string? to = null) => mode switch
    {
        "incremental" => new SyncRequest(),
        "all" => new SyncRequest { Mode = SyncMode.All },
        "rollback" => new SyncRequest { Mode = SyncMode.Rollback, RollbackTo = Day(from!) },
        "from" => new SyncRequest { Mode = SyncMode.From, WindowStart = Time(from), WindowEnd = Day(to!) },
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    // Lookback 7 days, overlap 10 minutes, initial window 90 days throughout.
    private static WindowInputs Inputs(SyncRequest request, string? watermark)
        => new(request, Time(watermark), Start, Lifetime, InitialWindowDays: 90, AnalyticsLookbackDays: 7, EmailsOverlapMinutes: 10);

    public static TheoryData<string, string?, string?, string?, string, string> DailyCases() => new()
    {
        // mode, window from, window to, watermark => first day, last day
        { "incremental", null, null, "2026-11-21T03:17:00Z", "2026-11-14", "2026-11-22" },
        { "incremental", null, null, null, "2026-08-17", "2026-11-22" },
        { "incremental", null, null, "2026-11-22T15:00:00Z", "2026-11-15", "2026-11-22" },
        { "all", null, null, "2026-11-21T03:17:00Z", "2026-03-01", "2026-11-22" },
        { "rollback", "2026-10-01", null, "2026-10-01T00:00:00Z", "2026-09-24", "2026-11-22" },
        { "from", "2026-11-01T00:00:00Z", "2026-11-05", "2026-11-21T03:17:00Z", "2026-11-01", "2026-11-05" },
        { "from", "2026-11-20T00:00:00Z", "2026-12-31", null, "2026-11-20", "2026-11-22" },
    };

    [Theory]
    [MemberData(nameof(DailyCases))]
    public void Daily_analytics_cover_the_days_the_mode_and_watermark_call_for(
        string mode, string? from, string? to, string? watermark, string first, string last)
        => Assert.Equal((Day(first), Day(last)), SyncWindows.DailyAnalytics(Inputs(Request(mode, from, to), watermark)));

    public static TheoryData<string, string?, string?, string?, string> EmailsFromCases() => new()
    {
        // mode, window from, window to, watermark => lower bound on timestamp_created
        { "incremental", null, null, "2026-11-21T03:17:00Z", "2026-11-21T03:07:00Z" },
        { "incremental", null, null, null, "2026-08-24T15:20:00Z" },
        { "all", null, null, "2026-11-21T03:17:00Z", "2026-03-01T00:00:00Z" },
        { "from", "2026-11-01T00:00:00Z", "2026-11-05", "2026-11-21T03:17:00Z", "2026-11-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(EmailsFromCases))]
    public void Emails_are_read_from_the_watermark_less_the_overlap_or_the_window_start(
        string mode, string? from, string? to, string? watermark, string expected)
        => Assert.Equal(Time(expected), SyncWindows.EmailsFrom(Inputs(Request(mode, from, to), watermark)));

    [Theory]
    [InlineData("incremental", null, null, null)]
    [InlineData("all", null, null, null)]
    [InlineData("from", "2026-11-01T00:00:00Z", "2026-11-05", "2026-11-06T00:00:00Z")]
    public void Only_a_window_run_stops_reading_emails_after_its_last_day(string mode, string? from, string? to, string? until)
        => Assert.Equal(Time(until), SyncWindows.EmailsUntil(Request(mode, from, to)));
}
