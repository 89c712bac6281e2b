using InstantlySync.Report;

namespace InstantlySync.Tests.Report;

public sealed class ReportWindowParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 7, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, null, null, "2026-10-31", "2026-11-29")]   // the last 30 complete days
    [InlineData("2026-11-01", null, null, "2026-11-01", "2026-11-30")]
    [InlineData("2026-11-01", "2026-11-15", null, "2026-11-01", "2026-11-15")]
    [InlineData(null, null, "7d", "2026-11-23", "2026-11-30")]
    [InlineData(null, "2026-11-28", "2w", "2026-11-16", "2026-11-28")]
    [InlineData(null, null, "3m", "2026-08-30", "2026-11-30")]
    [InlineData(null, null, "12h", "2026-11-29", "2026-11-30")]
    [InlineData("2026-11-30", null, null, "2026-11-30", "2026-11-30")]
    public void Flags_give_the_window(string? from, string? to, string? last, string expectedFrom, string expectedTo)
    {
        Assert.True(ReportWindowParser.TryParse(from, to, last, Now, out var window, out var error), error);

        Assert.Equal(new ReportWindow(DateOnly.Parse(expectedFrom, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(expectedTo, System.Globalization.CultureInfo.InvariantCulture)), window);
    }

    [Theory]
    [InlineData("2026-11-01", null, "7d", "--from and --last cannot be combined")]
    [InlineData(null, "2026-11-01", null, "--to needs --from or --last")]
    [InlineData("2026-13-01", null, null, "--from '2026-13-01' is not a valid date")]
    [InlineData("2026-12-01", null, null, "--from 2026-12-01 is in the future")]
    [InlineData("2026-11-10", "2026-11-09", null, "--to 2026-11-09 is before the window start 2026-11-10")]
    [InlineData(null, "yesterday", "7d", "--to 'yesterday' is not a valid date")]
    [InlineData(null, null, "7x", "--last '7x' is not a span")]
    [InlineData(null, null, "0d", "--last '0d' is not a span")]
    public void Bad_flags_are_refused_in_one_line(string? from, string? to, string? last, string reason)
    {
        Assert.False(ReportWindowParser.TryParse(from, to, last, Now, out _, out var error));

        Assert.StartsWith(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData(9, 300, "3.0")]
    [InlineData(1, 3, "33.3")]
    [InlineData(2, 3, "66.7")]
    [InlineData(1, 16, "6.3")]     // 6.25 rounds half away from zero, as PostgreSQL's round(numeric, 1)
    [InlineData(0, 50, "0.0")]
    [InlineData(0, 0, null)]
    [InlineData(5, 0, null)]
    public void The_reply_rate_has_one_decimal_and_is_null_when_nothing_was_sent(long replies, long sent, string? expected)
    {
        Assert.Equal(expected, ReplyRate.Of(replies, sent)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Step_keys_sort_as_numbers_when_they_are()
    {
        string?[] keys = ["10", "2", null, "b", "0", "a"];

        Assert.Equal(["0", "2", "10", "a", "b", null], keys.Order(StepKeyComparer.Instance));
    }
}
