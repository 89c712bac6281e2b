using static InstantlySync.IntegrationTests.Modeling.SomeRecords;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>The oracle's tables on small hand-written workspaces: people, companies, campaigns, events and the views.</summary>
public sealed class ModelOracleTableTests
{
    private static ModelExpectation Model(IReadOnlyList<string>? leads = null, IReadOnlyList<string>? campaigns = null, IReadOnlyList<string>? emails = null,
        Dictionary<string, string>? analytics = null, Dictionary<string, IReadOnlyList<string>>? daily = null, Dictionary<string, IReadOnlyList<string>>? steps = null)
        => ModelOracle.Compute(new ModelInput
        {
            WorkspaceId = "ws",
            Leads = leads ?? [],
            Campaigns = campaigns ?? [],
            Emails = emails ?? [],
            CampaignAnalytics = analytics ?? [],
            DailyAnalytics = daily ?? [],
            StepAnalytics = steps ?? [],
        });

    private static DateTime At(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void The_most_frequent_company_name_wins_and_a_tie_goes_to_the_most_recently_updated_lead()
    {
        var model = Model(
        [
            Lead("l1", "2025-03-01T00:00:00.000Z", ("email", "a@acme.io"), ("company_name", "Acme")),
            Lead("l2", "2025-03-04T00:00:00.000Z", ("email", "b@acme.io"), ("company_name", "ACME BV")),
            Lead("l3", "2025-03-02T00:00:00.000Z", ("email", "c@acme.io"), ("company_name", "Acme")),
            Lead("l4", "2025-02-20T00:00:00.000Z", ("email", "d@acme.io"), ("company_name", "ACME BV")),
            Lead("l5", "2025-03-09T00:00:00.000Z", ("email", "e@acme.io"), ("company_name", " ")),
            Lead("m1", "2025-03-01T00:00:00.000Z", ("email", "a@maple.io"), ("company_name", "Maple")),
            Lead("m2", "2025-03-02T00:00:00.000Z", ("email", "b@maple.io"), ("company_name", "Maple")),
            Lead("m3", "2025-03-08T00:00:00.000Z", ("email", "c@maple.io"), ("company_name", "Maple Inc")),
        ]);

        Assert.Equal(["acme.io", "maple.io"], model.Companies.Select(c => c.Domain));
        Assert.Equal("ACME BV", model.Companies[0].CompanyName);
        Assert.Equal("Maple", model.Companies[1].CompanyName);
        Assert.Equal(5, model.Companies[0].LeadCount);
        Assert.Equal(At("2025-03-09T00:00:00Z"), model.Companies[0].LastSeenAt);
    }

    [Fact]
    public void Company_names_count_lead_rows_not_persons_and_lead_count_counts_persons()
    {
        var model = Model(
        [
            Lead("l1", "2025-03-01T00:00:00.000Z", ("email", "jane@acme.io"), ("company_name", "Acme Labs"), ("timestamp_created", "2025-01-10T00:00:00.000Z")),
            Lead("l2", "2025-03-02T00:00:00.000Z", ("email", " JANE@acme.io"), ("company_name", "Acme Labs"), ("campaign", "c2")),
            Lead("l3", "2025-03-03T00:00:00.000Z", ("email", "bob@acme.io"), ("company_name", "Acme")),
        ]);

        var acme = Assert.Single(model.Companies);
        Assert.Equal(("Acme Labs", 2L), (acme.CompanyName, acme.LeadCount));
        Assert.Equal(At("2025-01-10T00:00:00Z"), acme.FirstSeenAt);
        Assert.Equal(At("2025-03-03T00:00:00Z"), acme.LastSeenAt);
    }

    [Fact]
    public void A_person_takes_each_column_from_the_most_recently_updated_lead_that_has_it()
    {
        var model = Model(
        [
            Lead("l1", "2025-03-01T00:00:00.000Z", ("email", "Jane@Acme.io "), ("first_name", "Janet"), ("phone", "+31 20 1"),
                ("job_title", "CEO"), ("status", -1), ("payload", new { Branche = "Bouw", Omzet = "€ 1.200.000", Land = "NL" }),
                ("timestamp_last_contact", "2025-02-03T00:00:00.000Z")),
            Lead("l2", "2025-03-05T00:00:00.000Z", ("email", "jane@acme.io"), ("first_name", "Jane"), ("phone", ""), ("campaign", "c2"),
                ("payload", new { Industry = "Software", revenue = "n/a", jobTitle = "Founder" }),
                ("status_summary", new { lastStep = new { stepID = "0_1_0" } }), ("timestamp_last_contact", "2025-03-04T00:00:00.000Z")),
            Lead("l3", "2025-02-01T00:00:00.000Z", ("email", "jane@acme.io"), ("campaign", null), ("list_id", "list-1")),
        ]);

        var jane = Assert.Single(model.Leads);
        Assert.Equal("jane@acme.io", jane.Email);
        Assert.Equal("Jane", jane.FirstName);
        Assert.Equal("+31 20 1", jane.Phone);
        Assert.Equal("Founder", jane.JobTitle);
        Assert.Equal("Software", jane.Industry);
        Assert.Equal(1_200_000m, jane.Revenue);
        Assert.Equal("NL", jane.Country);
        Assert.Equal("acme.io", jane.CompanyDomain);
        Assert.Equal("bounced", jane.Status);
        Assert.Equal(2, jane.CampaignCount);
        Assert.Equal(At("2025-03-04T00:00:00Z"), jane.LastContactedAt);
        Assert.Null(jane.LastRepliedAt);
        Assert.Equal(["bounced", "emailed", "not_yet_emailed"], model.CampaignLeads.Select(l => l.Status));
    }

    [Fact]
    public void A_lead_without_email_has_a_campaign_lead_row_and_an_event_but_no_person()
    {
        var model = Model([Lead("l1", fields: [("email", "  "), ("company_domain", "acme.io")]), Lead("l2", fields: ("email", null))]);

        Assert.Empty(model.Leads);
        Assert.Equal([null, null], model.CampaignLeads.Select(l => l.Email));
        Assert.Equal(2, model.Events.Count(e => e.EventType == "lead_added"));
        Assert.Equal(0, Assert.Single(model.Companies).LeadCount);
    }

    [Fact]
    public void Free_mail_makes_no_company_and_leaves_the_persons_company_domain_empty()
    {
        var model = Model([Lead("l1", fields: [("email", "jane.doe@Gmail.com"), ("company_name", "Freelance")])]);

        Assert.Empty(model.Companies);
        Assert.Null(Assert.Single(model.Leads).CompanyDomain);
    }

    [Fact]
    public void A_campaign_reads_its_status_its_lifetime_counts_and_its_steps()
    {
        var sequences = new[] { new { steps = new object[] { new { type = "email" }, new { type = "email" }, new { type = "email" } } } };
        var model = Model(
            campaigns: [Campaign("c1", ("status", 2), ("sequences", sequences)), Campaign("c2", ("status", -99))],
            analytics: new() { ["c1"] = Json(new { leads_count = 10, contacted_count = 8, emails_sent_count = 20, reply_count = 3, bounced_count = 1, unsubscribed_count = 0 }) });

        Assert.Equal(new CampaignRow("c1", "Q3 founders", "paused", At("2025-01-05T08:00:00Z"), 10, 8, 20, 3, 1, 0, 3), model.Campaigns[0]);
        Assert.Equal(new CampaignRow("c2", "Q3 founders", "suspended", At("2025-01-05T08:00:00Z"), null, null, null, null, null, null, 0), model.Campaigns[1]);
    }

    [Fact]
    public void Each_email_is_one_event_typed_by_ue_type_at_its_email_time()
    {
        var model = Model(
            leads: [Lead("l1")],
            emails:
            [
                Email("e1", ("timestamp_email", "2025-03-02T10:59:00.000Z")),
                Email("e2", ("ue_type", 2), ("lead", " Jane@ACME.io"), ("step", null), ("subject", "Re: Hello")),
                Email("e3", ("ue_type", 3), ("campaign_id", null)),
                Email("e4", ("ue_type", 4)),
            ]);

        Assert.Equal(
            [
                new EventRow("instantly", "e1", "email_sent", At("2025-03-02T10:59:00Z"), "jane@acme.io", "c1", "0_0_0", "Hello", "e1"),
                new EventRow("instantly", "e2", "email_received", At("2025-03-02T11:00:00Z"), "jane@acme.io", "c1", null, "Re: Hello", "e2"),
                new EventRow("instantly", "e3", "email_manual", At("2025-03-02T11:00:00Z"), "jane@acme.io", null, "0_0_0", "Hello", "e3"),
                new EventRow("instantly", "e4", "email_scheduled", At("2025-03-02T11:00:00Z"), "jane@acme.io", "c1", "0_0_0", "Hello", "e4"),
                new EventRow("instantly", "l1", "lead_added", At("2025-02-01T09:00:00Z"), "jane@acme.io", "c1", null, null, null),
            ],
            model.Events);
    }

    [Fact]
    public void The_views_give_a_reply_rate_per_day_and_per_step()
    {
        var model = Model(
            daily: new() { ["c1"] = [Json(new { date = "2025-03-01", sent = 3, opened = 2, unique_opened = 1, replies = 1, unique_replies = 1, clicks = 0 }), Json(new { date = "2025-03-02", sent = 0, replies = 0 })] },
            steps: new() { ["c1"] = [Json(new { step = "0", variant = "1", sent = 8, replies = 1 })] });

        Assert.Equal(
            [
                new CampaignDailyRow("c1", new DateOnly(2025, 3, 1), 3, 2, 1, 1, 1, 0, 33.3m),
                new CampaignDailyRow("c1", new DateOnly(2025, 3, 2), 0, null, null, 0, null, null, null),
            ],
            model.CampaignDaily);
        Assert.Equal([new StepPerformanceRow("c1", "0", "1", 8, 1, 12.5m)], model.StepPerformance);
    }

    [Fact]
    public void Campaign_lead_columns_come_from_the_lead_as_the_api_writes_it()
    {
        var model = Model(
        [
            Lead("l1", fields:
            [
                ("status", 3), ("lt_interest_status", 2), ("email_open_count", 4), ("email_reply_count", 1), ("email_click_count", 2),
                ("status_summary", new { lastStep = new { stepID = "0_2_0" } }), ("timestamp_last_contact", "2025-02-10T00:00:00.000Z"),
            ]),
        ]);

        Assert.Equal(
            new CampaignLeadRow("l1", "c1", "jane@acme.io", "completed", "replied", "meeting_booked", "0_2_0", 4, 1, 2,
                At("2025-02-01T09:00:00Z"), At("2025-02-10T00:00:00Z"), null),
            Assert.Single(model.CampaignLeads));
    }
}
