using InstantlySync.Storage;
using InstantlySync.Entities;

namespace InstantlySync.Tests.Storage;

public sealed class RowHashTests
{
    private static RawRow Row(object? key, object? extracted, string json) => new([key], [extracted], json);

    [Fact]
    public void Equal_rows_have_equal_fingerprints_of_sixteen_bytes()
    {
        var first = RowHash.Compute(Row("a", 1, """{"x":1}"""));
        var second = RowHash.Compute(Row("a", 1, """{"x":1}"""));

        Assert.Equal(16, first.Length);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("b", 1, """{"x":1}""")]
    [InlineData("a", 2, """{"x":1}""")]
    [InlineData("a", 1, """{"x":2}""")]
    [InlineData("a", null, """{"x":1}""")]
    [InlineData("a", "1", """{"x":1}""")]
    [InlineData("a", 1L, """{"x":1}""")]
    public void A_change_to_any_value_or_its_type_changes_the_fingerprint(object? key, object? extracted, string json)
        => Assert.NotEqual(RowHash.Compute(Row("a", 1, """{"x":1}""")), RowHash.Compute(Row(key, extracted, json)));

    [Fact]
    public void Values_do_not_run_into_each_other()
        => Assert.NotEqual(RowHash.Compute(new RawRow(["ab", "c"], [], "{}")), RowHash.Compute(new RawRow(["a", "bc"], [], "{}")));

    [Fact]
    public void Every_column_type_the_raw_tables_use_is_fingerprinted()
    {
        var instant = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(2));
        var row = new RawRow([new DateOnly(2026, 11, 22), "c"], [1, 2L, 1.5m, true, instant], "{}");
        var sameInstantInUtc = new RawRow([new DateOnly(2026, 11, 22), "c"], [1, 2L, 1.5m, true, instant.ToUniversalTime()], "{}");
        var otherScale = new RawRow([new DateOnly(2026, 11, 22), "c"], [1, 2L, 1.50m, true, instant], "{}");

        Assert.Equal(RowHash.Compute(row), RowHash.Compute(sameInstantInUtc));
        Assert.NotEqual(RowHash.Compute(row), RowHash.Compute(otherScale));
        Assert.Throws<InvalidCastException>(() => RowHash.Compute(new RawRow([new object()], [], "{}")));
    }
}
