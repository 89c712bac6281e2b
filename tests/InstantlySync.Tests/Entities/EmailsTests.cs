using InstantlySync.Entities;

namespace InstantlySync.Tests.Entities;

public sealed class EmailsTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 6, 30, 22, 23, 0, TimeSpan.Zero);

    [Fact]
    public void A_sent_email_carries_campaign_lead_mailbox_step_and_thread()
    {
        var email = Fixture.Load("email_sent");

        var row = Emails.Entity.ToRow(email);

        Assert.Equal(["019f1aa0-e6ef-75ff-842f-7fc9499ddd38"], row.Key);
        Assert.Equal(
            [
                "31691681-3722-4015-99d8-3cdbeabf14eb", "019f1a9e-2c6d-7148-8d7e-8bfec9853da6", "anna@firma.example",
                "amir@zyndixhq.example", "sent", SentAt, SentAt, "0_0_0", "31-b83pey3VxIug2tNSES8NvCK",
            ],
            row.Extracted);
        Assert.Equal(email.GetRawText(), row.RawJson);
        Assert.Equal(SentAt, Emails.TimestampCreated(row));
    }

    [Fact]
    public void A_received_email_is_dated_by_the_mail_server_and_watermarked_by_creation()
    {
        var row = Emails.Entity.ToRow(Fixture.Load("email_received"));

        Assert.Equal("received", row.Extracted[4]);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 9, 13, 58, TimeSpan.Zero), row.Extracted[5]);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 9, 14, 5, TimeSpan.Zero), Emails.TimestampCreated(row));
    }

    [Theory]
    [InlineData("1", "sent")]
    [InlineData("2", "received")]
    [InlineData("3", "manual")]
    [InlineData("4", "scheduled")]
    [InlineData("\"3\"", "manual")]
    [InlineData("7", null)]
    [InlineData("null", null)]
    public void Ue_type_maps_to_the_event_type(string ueType, string? eventType)
        => Assert.Equal(eventType, Emails.Entity.ToRow(Some.With(Fixture.Load("email_sent"), "ue_type", ueType)).Extracted[4]);

    [Fact]
    public void Without_a_mail_server_date_the_event_date_is_the_creation_time()
    {
        var row = Emails.Entity.ToRow(Some.With(Fixture.Load("email_received"), "timestamp_email", "\"\""));

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 9, 14, 5, TimeSpan.Zero), row.Extracted[5]);
    }

    [Fact]
    public void A_manual_email_without_campaign_or_step_has_null_columns()
    {
        var manual = Some.Without(Some.With(Fixture.Load("email_sent"), "ue_type", "3"), "campaign_id", "step", "lead_id");

        var row = Emails.Entity.ToRow(Some.With(manual, "thread_id", "null"));

        Assert.Equal([null, null, "anna@firma.example", "amir@zyndixhq.example", "manual", SentAt, SentAt, null, null], row.Extracted);
    }

    [Fact]
    public void An_email_without_an_id_cannot_be_transformed()
        => Assert.Throws<TransformException>(() => Emails.Entity.ToRow(Some.Without(Fixture.Load("email_sent"), "id")));
}
