using InstantlySync.Entities;

namespace InstantlySync.Tests.Entities;

public sealed class JsonFieldsTests
{
    [Theory]
    [InlineData("""{}""", null)]
    [InlineData("""{"n":null}""", null)]
    [InlineData("""{"n":""}""", null)]
    [InlineData("""{"n":42}""", 42)]
    [InlineData("""{"n":"42"}""", 42)]
    [InlineData("""{"n":" 42 "}""", 42)]
    [InlineData("""{"n":42.0}""", 42)]
    [InlineData("""{"n":42.5}""", null)]
    [InlineData("""{"n":"lots"}""", null)]
    [InlineData("""{"n":true}""", null)]
    [InlineData("""{"n":[1]}""", null)]
    [InlineData("""{"n":3000000000}""", null)]
    [InlineData("""{"n":-2}""", -2)]
    public void An_integer_column_reads_numbers_and_numeric_text_and_is_null_otherwise(string json, int? expected)
        => Assert.Equal(expected, JsonFields.Int(Fixture.Parse(json), "n"));

    [Theory]
    [InlineData("""{"t":"2026-06-30T19:00:33.544Z"}""", "2026-06-30T19:00:33.5440000+00:00")]
    [InlineData("""{"t":"2026-06-30T21:00:33.544+02:00"}""", "2026-06-30T19:00:33.5440000+00:00")]
    [InlineData("""{"t":"2026-06-30T19:00:33"}""", "2026-06-30T19:00:33.0000000+00:00")]
    [InlineData("""{"t":"yesterday"}""", null)]
    [InlineData("""{"t":1719774033}""", null)]
    [InlineData("""{"t":""}""", null)]
    public void A_timestamp_is_read_as_utc_and_is_null_when_unreadable(string json, string? expected)
        => Assert.Equal(expected, JsonFields.Timestamp(Fixture.Parse(json), "t")?.ToString("O"));

    [Fact]
    public void A_timestamp_always_carries_offset_zero_for_timestamptz()
        => Assert.Equal(TimeSpan.Zero, JsonFields.Timestamp(Fixture.Parse("""{"t":"2026-06-30T21:00:33+02:00"}"""), "t")!.Value.Offset);

    [Theory]
    [InlineData("""{"s":"Anna"}""", "Anna")]
    [InlineData("""{"s":"  "}""", null)]
    [InlineData("""{"s":7}""", "7")]
    [InlineData("""{"s":{"a":1}}""", null)]
    public void A_text_column_takes_strings_and_numbers(string json, string? expected)
        => Assert.Equal(expected, JsonFields.Text(Fixture.Parse(json), "s"));
}
