using InstantlySync.Entities;

namespace InstantlySync.Tests.Entities;

public sealed class AccountsTests
{
    [Fact]
    public void An_account_is_keyed_by_email_with_names_statuses_and_warmup_score()
    {
        var account = Fixture.Load("account");

        var row = Accounts.Entity.ToRow(account);

        Assert.Equal(["amir@zyndixhq.example"], row.Key);
        Assert.Equal(["Amir", "Ebadi", 1, 1, 97m], row.Extracted);
        Assert.Equal(account.GetRawText(), row.RawJson);
    }

    [Fact]
    public void Missing_null_and_empty_optional_fields_become_null()
    {
        var account = Some.Without(Some.With(Some.With(Fixture.Load("account"), "first_name", "\"\""), "last_name", "null"),
            "status", "stat_warmup_score");

        var row = Accounts.Entity.ToRow(account);

        Assert.Equal([null, null, null, 1, null], row.Extracted);
    }

    [Fact]
    public void Numbers_sent_as_strings_are_read_and_text_in_a_number_field_becomes_null()
    {
        var account = Some.With(Some.With(Fixture.Load("account"), "stat_warmup_score", "\"88.5\""), "warmup_status", "\"active\"");

        var row = Accounts.Entity.ToRow(account);

        Assert.Equal((null, 88.5m), (row.Extracted[3], row.Extracted[4]));
    }

    [Fact]
    public void An_account_without_an_email_cannot_be_transformed()
        => Assert.Throws<TransformException>(() => Accounts.Entity.ToRow(Some.Without(Fixture.Load("account"), "email")));
}
