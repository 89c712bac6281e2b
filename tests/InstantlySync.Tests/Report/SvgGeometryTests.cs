using InstantlySync.Report;

namespace InstantlySync.Tests.Report;

public sealed class SvgGeometryTests
{
    [Theory]
    [InlineData("Q4 outreach", 44, "Q4 outreach")]
    [InlineData("Q4 enterprise outreach to finance directors", 20, "Q4 enterprise|outreach to finance|directors")]
    [InlineData("Supercalifragilisticexpialidocious campaign", 10, "Supercalif|ragilistic|expialidoc|ious|campaign")]
    [InlineData("", 10, "")]
    [InlineData("a  b", 10, "a b")]
    public void Labels_wrap_at_spaces_and_lose_no_character(string text, int width, string lines)
    {
        Assert.Equal(lines, string.Join('|', SvgGeometry.Wrap(text, width)));
    }

    [Fact]
    public void Wrapping_never_splits_a_surrogate_pair()
    {
        var lines = SvgGeometry.Wrap("abc😀def", 4);

        Assert.Equal("abc|😀de|f", string.Join('|', lines));
    }

    [Theory]
    [InlineData(0, "0 1")]
    [InlineData(3, "0 1 2 3")]
    [InlineData(135, "0 50 100 150")]
    [InlineData(1312, "0 500 1000 1500")]
    public void Count_axes_end_on_a_round_number_at_or_above_the_largest_value(double max, string ticks)
    {
        Assert.Equal(ticks, string.Join(' ', SvgGeometry.Ticks(max, 4, integers: true)));
    }

    [Theory]
    [InlineData(5.0, "0 2 4 6")]
    [InlineData(0.6, "0 0.2 0.4 0.6")]
    public void Rate_axes_may_step_by_fractions(double max, string ticks)
    {
        Assert.Equal(ticks, string.Join(' ', SvgGeometry.Ticks(max, 4, integers: false).Select(t => Math.Round(t, 3))));
    }
}
