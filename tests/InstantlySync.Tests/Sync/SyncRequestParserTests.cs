using InstantlySync.Entities;
using InstantlySync.Sync;

namespace InstantlySync.Tests.Sync;

public sealed class SyncRequestParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 30, 0, TimeSpan.Zero);

    private static SyncRequest Parse(SyncFlags flags)
    {
        Assert.True(SyncRequestParser.TryParse(flags, Now, out var request, out var error), error);
        return request;
    }

    private static string Refuse(SyncFlags flags)
    {
        Assert.False(SyncRequestParser.TryParse(flags, Now, out _, out var error));
        Assert.DoesNotContain('\n', error);
        return error;
    }

    [Fact]
    public void No_flags_mean_an_incremental_run_of_every_entity()
    {
        var request = Parse(new SyncFlags());

        Assert.Equal(SyncMode.Incremental, request.Mode);
        Assert.Equal(EntityCatalog.All, request.Entities);
        Assert.False(request.DryRun);
    }

    [Fact]
    public void From_and_to_give_an_inclusive_utc_window()
    {
        var request = Parse(new SyncFlags(From: "2026-11-01", To: "2026-11-10"));

        Assert.Equal(SyncMode.From, request.Mode);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), request.WindowStart);
        Assert.Equal(new DateOnly(2026, 11, 10), request.WindowEnd);
    }

    [Fact]
    public void From_alone_ends_today()
    {
        Assert.Equal(new DateOnly(2026, 11, 22), Parse(new SyncFlags(From: "2026-11-01")).WindowEnd);
    }

    [Theory]
    [InlineData("12h", 2026, 11, 22, 3)]
    [InlineData("7d", 2026, 11, 15, 15)]
    [InlineData("2w", 2026, 11, 8, 15)]
    [InlineData("3m", 2026, 8, 22, 15)]
    public void Last_counts_back_from_now(string span, int year, int month, int day, int hour)
    {
        var request = Parse(new SyncFlags(Last: span));

        Assert.Equal(SyncMode.Last, request.Mode);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, 30, 0, TimeSpan.Zero), request.WindowStart);
    }

    [Fact]
    public void Rollback_keeps_its_date_and_entities_are_put_in_canonical_order()
    {
        var request = Parse(new SyncFlags(Rollback: "2026-10-01", Entities: "leads, EMAILS,campaigns,leads"));

        Assert.Equal(SyncMode.Rollback, request.Mode);
        Assert.Equal(new DateOnly(2026, 10, 1), request.RollbackTo);
        Assert.Equal(["campaigns", "emails", "leads"], request.EntityNames);
    }

    [Theory]
    [InlineData(true, "2026-11-01", null, null, "--all and --from")]
    [InlineData(false, "2026-11-01", "7d", null, "--from and --last")]
    [InlineData(false, null, "7d", "2026-11-01", "--last and --rollback")]
    [InlineData(true, null, null, "2026-11-01", "--all and --rollback")]
    public void Modes_cannot_be_combined(bool all, string? from, string? last, string? rollback, string expected)
    {
        Assert.Contains(expected, Refuse(new SyncFlags(All: all, From: from, Last: last, Rollback: rollback)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("01/11/2026")]
    [InlineData("yesterday")]
    [InlineData("2026-1-5")]
    public void Impossible_or_malformed_dates_are_refused(string date)
    {
        Assert.Contains("YYYY-MM-DD", Refuse(new SyncFlags(From: date)), StringComparison.Ordinal);
    }

    [Fact]
    public void To_before_from_is_refused()
    {
        Assert.Contains("before the window start", Refuse(new SyncFlags(From: "2026-11-10", To: "2026-11-01")), StringComparison.Ordinal);
    }

    [Fact]
    public void To_without_a_window_is_refused()
    {
        Assert.Contains("--to needs --from or --last", Refuse(new SyncFlags(To: "2026-11-01")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7x")]
    [InlineData("0d")]
    [InlineData("-3d")]
    [InlineData("d")]
    [InlineData("7 days")]
    [InlineData("999999m")]
    public void Bad_spans_are_refused(string span)
    {
        Assert.Contains("--last", Refuse(new SyncFlags(Last: span)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leeds")]
    [InlineData("campaigns,unknown")]
    [InlineData(",")]
    public void Unknown_or_empty_entities_are_refused(string entities)
    {
        Assert.Contains("--entities", Refuse(new SyncFlags(Entities: entities)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    [InlineData(100_000)]
    public void Batch_sizes_outside_1_to_10000_are_refused(int size)
    {
        Assert.Contains("--batch-size", Refuse(new SyncFlags(BatchSize: size)), StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_in_the_future_are_refused()
    {
        Assert.Contains("future", Refuse(new SyncFlags(From: "2026-12-01")), StringComparison.Ordinal);
        Assert.Contains("future", Refuse(new SyncFlags(Rollback: "2027-01-01")), StringComparison.Ordinal);
    }

    [Fact]
    public void Max_duration_is_the_run_s_time_budget()
    {
        Assert.Equal(TimeSpan.FromMinutes(45), Parse(new SyncFlags(MaxDuration: "45m")).MaxDuration);
        Assert.Null(Parse(new SyncFlags()).MaxDuration);
    }

    [Theory]
    [InlineData("45")]
    [InlineData("0s")]
    [InlineData("2d")]
    [InlineData("1h30m")]
    [InlineData("soon")]
    public void An_invalid_max_duration_is_refused_with_the_forms_it_takes(string value)
    {
        var error = Refuse(new SyncFlags(MaxDuration: value));

        Assert.Contains($"--max-duration '{value}'", error, StringComparison.Ordinal);
        Assert.Contains("40s, 45m or 2h", error, StringComparison.Ordinal);
    }
}
