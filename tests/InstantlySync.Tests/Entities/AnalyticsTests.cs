using InstantlySync.Entities;

namespace InstantlySync.Tests.Entities;

public sealed class AnalyticsTests
{
    [Fact]
    public void A_daily_row_is_keyed_by_date_and_campaign_with_its_counters()
    {
        var day = Fixture.Load("daily_row");

        var row = DailyAnalytics.Entity.ToRow(new ApiItem(day, "31691681-3722-4015-99d8-3cdbeabf14eb"));

        Assert.Equal([new DateOnly(2026, 6, 30), "31691681-3722-4015-99d8-3cdbeabf14eb"], row.Key);
        Assert.Equal([120, 40, 35, 6, 5, 3, 2], row.Extracted);
        Assert.Equal(day.GetRawText(), row.RawJson);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_daily_row_without_a_campaign_is_the_workspace_total(string? campaignId)
    {
        var row = DailyAnalytics.Entity.ToRow(new ApiItem(Fixture.Load("daily_row"), campaignId));

        Assert.Equal([new DateOnly(2026, 6, 30), null], row.Key);
        Assert.Equal("2026-06-30|", row.KeyText);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"30/06/2026\"")]
    [InlineData("20260630")]
    public void A_daily_row_without_a_valid_date_cannot_be_transformed(string date)
        => Assert.Throws<TransformException>(() => DailyAnalytics.Entity.ToRow(new ApiItem(Some.With(Fixture.Load("daily_row"), "date", date), null)));

    [Fact]
    public void Absent_counters_are_null_and_a_count_sent_as_text_is_read()
    {
        var day = Fixture.Parse("""{"date":"2026-07-01","sent":"12","opened":null,"replies":"n/a"}""");

        var row = DailyAnalytics.Entity.ToRow(new ApiItem(day, null));

        Assert.Equal([12, null, null, null, null, null, null], row.Extracted);
    }

    [Fact]
    public void A_step_row_is_keyed_by_campaign_step_and_variant()
    {
        var step = Fixture.Load("step_row");

        var row = Steps.Entity.ToRow(new ApiItem(step, "c1"));

        Assert.Equal(["c1", "0", "0"], row.Key);
        Assert.Equal([5421, 99, 60, 60, 58, 60, 41], row.Extracted);
        Assert.Equal(step.GetRawText(), row.RawJson);
    }

    [Fact]
    public void A_step_row_the_api_could_not_attribute_has_a_null_step_and_variant()
    {
        var row = Steps.Entity.ToRow(new ApiItem(Some.Without(Some.With(Fixture.Load("step_row"), "step", "null"), "variant"), "c1"));

        Assert.Equal(["c1", null, null], row.Key);
        Assert.Equal("c1||", row.KeyText);
    }

    [Fact]
    public void A_numeric_step_is_kept_as_text()
        => Assert.Equal(["c1", "1", "0"], Steps.Entity.ToRow(new ApiItem(Some.With(Fixture.Load("step_row"), "step", "1"), "c1")).Key);

    [Fact]
    public void A_step_that_is_an_object_cannot_be_transformed()
        => Assert.Throws<TransformException>(() => Steps.Entity.ToRow(new ApiItem(Some.With(Fixture.Load("step_row"), "step", "{}"), "c1")));

    [Fact]
    public void An_analytics_item_that_is_not_an_object_cannot_be_transformed()
    {
        Assert.Throws<TransformException>(() => DailyAnalytics.Entity.ToRow(new ApiItem(Fixture.Parse("[1]"), null)));
        Assert.Throws<TransformException>(() => Steps.Entity.ToRow(new ApiItem(Fixture.Parse("null"), "c1")));
    }
}
