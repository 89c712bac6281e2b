using System.Text.Json;
using InstantlySync.Entities;

namespace InstantlySync.Tests.Entities;

public sealed class LeadsTests
{
    private readonly JsonElement _contacted = Fixture.Load("lead_contacted");
    private readonly JsonElement _new = Fixture.Load("lead_new");

    [Fact]
    public void A_lead_carries_campaign_email_names_api_status_and_update_time()
    {
        var row = Leads.Entity.ToRow(_contacted);

        Assert.Equal(["019f1a8f-365b-734f-9c79-1ef3184ad7e6"], row.Key);
        Assert.Equal(
            [
                "d7b4bcb3-4231-479c-9cee-0c13df2cb75a", "api@nango.dev", "Nango", "API", -1, "bounced",
                new DateTimeOffset(2026, 6, 30, 22, 10, 54, 189, TimeSpan.Zero),
            ],
            row.Extracted);
        Assert.Equal(_contacted.GetRawText(), row.RawJson);
    }

    [Fact]
    public void A_lead_with_an_empty_status_summary_and_no_contact_is_not_yet_emailed()
        => Assert.Equal("not_yet_emailed", Status(_new));

    [Fact]
    public void A_lead_with_a_recorded_step_is_emailed()
        => Assert.Equal("emailed", Status(Some.With(_contacted, "status", "1")));

    [Fact]
    public void A_last_contact_time_alone_makes_a_lead_emailed()
        => Assert.Equal("emailed", Status(Some.With(_new, "timestamp_last_contact", "\"2026-06-30T22:04:09.352Z\"")));

    [Fact]
    public void Bounced_outranks_emailed()
        => Assert.Equal("bounced", Status(_contacted));

    [Fact]
    public void Replied_outranks_bounced()
        => Assert.Equal("replied", Status(Some.With(_contacted, "email_reply_count", "1")));

    [Fact]
    public void A_reply_time_counts_as_a_reply_even_when_the_counter_lags()
        => Assert.Equal("replied", Status(Some.With(_new, "timestamp_last_reply", "\"2026-07-01T09:14:05.000Z\"")));

    [Fact]
    public void An_interest_status_set_by_hand_is_not_a_reply()
        => Assert.Equal("not_yet_emailed", Status(Some.With(_new, "lt_interest_status", "1")));

    [Fact]
    public void A_failed_verification_is_not_a_bounce()
        => Assert.Equal("not_yet_emailed", Status(Some.With(_new, "verification_status", "-1")));

    [Fact]
    public void A_list_lead_without_campaign_or_names_has_null_columns()
    {
        var row = Leads.Entity.ToRow(Some.With(Some.Without(_new, "campaign", "first_name"), "last_name", "\"\""));

        Assert.Equal((null, null, null), (row.Extracted[0], row.Extracted[2], row.Extracted[3]));
    }

    [Fact]
    public void A_status_sent_as_text_that_is_not_a_number_becomes_null_without_failing()
    {
        var row = Leads.Entity.ToRow(Some.With(_contacted, "status", "\"bounced\""));

        Assert.Equal((null, "emailed"), (row.Extracted[4], row.Extracted[5]));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"email":"anna@firma.example"}""")]
    [InlineData("""{"id":{"value":"x"}}""")]
    public void An_item_that_is_not_a_lead_object_with_an_id_cannot_be_transformed(string json)
        => Assert.Throws<TransformException>(() => Leads.Entity.ToRow(Fixture.Parse(json)));

    private static object? Status(JsonElement lead) => Leads.Entity.ToRow(lead).Extracted[5];
}
