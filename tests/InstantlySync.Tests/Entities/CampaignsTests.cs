using System.Text.Json;
using InstantlySync.Entities;

namespace InstantlySync.Tests.Entities;

public sealed class CampaignsTests
{
    private readonly JsonElement _campaign = Fixture.Load("campaign");
    private readonly JsonElement _analytics = Fixture.Load("campaign_analytics");

    [Fact]
    public void The_key_and_columns_come_from_the_campaign_and_its_lifetime_analytics()
    {
        var row = Campaigns.Entity.ToRow(new ApiItem(_campaign, Analytics: _analytics));

        Assert.Equal(["9b6f458e-6dc5-4762-83d5-a528aedd2235"], row.Key);
        Assert.Equal(Campaigns.Entity.Table.Extracted.Count, row.Extracted.Length);
        Assert.Equal(
            ["Q3 founders – UK", 1, 1500, 1200, 300, 5000, new DateTimeOffset(2026, 6, 30, 19, 0, 33, 544, TimeSpan.Zero)],
            row.Extracted);
    }

    [Fact]
    public void The_stored_json_keeps_every_field_of_both_objects_campaign_first()
    {
        var row = Campaigns.Entity.ToRow(new ApiItem(_campaign, Analytics: _analytics));

        using var merged = JsonDocument.Parse(row.RawJson);
        var names = merged.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        var expected = _campaign.EnumerateObject().Select(p => p.Name)
            .Concat(_analytics.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(expected, names);
        foreach (var property in _campaign.EnumerateObject().Concat(_analytics.EnumerateObject()))
        {
            Assert.True(JsonElement.DeepEquals(property.Value, merged.RootElement.GetProperty(property.Name)), property.Name);
        }
    }

    [Fact]
    public void A_campaign_without_analytics_is_stored_as_it_came()
    {
        var row = Campaigns.Entity.ToRow(new ApiItem(_campaign, Analytics: null));

        Assert.Equal(_campaign.GetRawText(), row.RawJson);
        Assert.Equal(["Q3 founders – UK", 1, null, null, null, null], row.Extracted[..6]);
    }

    [Fact]
    public void Name_and_status_fall_back_to_the_analytics_row()
    {
        var bare = Some.Without(_campaign, "name", "status");

        var row = Campaigns.Entity.ToRow(new ApiItem(bare, Analytics: Some.With(_analytics, "campaign_status", "2")));

        Assert.Equal(("Q3 founders – UK", 2), (row.Extracted[0], row.Extracted[1]));
    }

    [Fact]
    public void A_key_in_both_objects_keeps_the_campaign_value_once()
    {
        var row = Campaigns.Entity.ToRow(new ApiItem(Fixture.Parse("""{"id":"c1","leads_count":7}"""), Analytics: Fixture.Parse("""{"leads_count":9}""")));

        Assert.Equal("""{"id":"c1","leads_count":7}""", row.RawJson);
        Assert.Equal(9, row.Extracted[2]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"9b6f458e\"")]
    [InlineData("""{"name":"no id"}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":42}""")]
    public void An_item_that_is_not_an_object_or_has_no_string_id_cannot_be_transformed(string json)
        => Assert.Throws<TransformException>(() => Campaigns.Entity.ToRow(new ApiItem(Fixture.Parse(json), Analytics: _analytics)));
}
