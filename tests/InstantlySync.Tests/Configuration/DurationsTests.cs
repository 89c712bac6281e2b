using InstantlySync.Configuration;

namespace InstantlySync.Tests.Configuration;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("40s", 40)]
    [InlineData("45m", 2_700)]
    [InlineData("90m", 5_400)]
    [InlineData("2h", 7_200)]
    [InlineData(" 2H ", 7_200)]
    [InlineData("168h", 604_800)]
    [InlineData("1s", 1)]
    public void A_budget_is_a_whole_number_of_seconds_minutes_or_hours(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("45")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("2d")]
    [InlineData("1h30m")]
    [InlineData("169h")]
    [InlineData("99999999999s")]
    [InlineData("m")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text)
        => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(40, "40s")]
    [InlineData(2_700, "45m")]
    [InlineData(7_200, "2h")]
    [InlineData(90, "1m30s")]
    public void A_budget_is_shown_the_way_it_is_written(int seconds, string text)
        => Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
