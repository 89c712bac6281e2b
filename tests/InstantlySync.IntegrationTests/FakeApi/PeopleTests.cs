using System.Text.Json;
using InstantlySync.FakeApi;

namespace InstantlySync.IntegrationTests.FakeApi;

/// <summary>
/// The fake's leads are made of people the way real workspaces have them: the same person in
/// several campaigns, companies with several people that disagree on the company's name, free-mail
/// addresses, websites instead of domains, firmographics under English and Dutch names, revenue in
/// any format and a few leads without an address.
/// </summary>
public sealed class PeopleTests(PeopleTests.Workspace workspace) : IClassFixture<PeopleTests.Workspace>
{
    private readonly List<Lead> _leads = workspace.Leads;

    [Fact]
    public void About_a_fifth_of_people_have_two_or_three_leads_each_in_another_campaign()
    {
        var people = _leads.GroupBy(l => l.Person.Number).ToList();
        var several = people.Where(p => p.Count() > 1).ToList();

        Assert.InRange(several.Count / (double)people.Count, 0.15, 0.25);
        Assert.All(several, p =>
        {
            Assert.InRange(p.Count(), 2, 3);
            var inCampaigns = p.Where(l => l.Campaign is not null).Select(l => l.Campaign).ToList();
            Assert.Equal(inCampaigns.Count, inCampaigns.Distinct().Count());
        });
        Assert.Contains(several, p => p.Any(l => l.Campaign is null) && p.Any(l => l.Campaign is not null));
        Assert.Equal(_leads.Count, _leads.Select(l => l.Id).Distinct().Count());
    }

    [Fact]
    public void A_persons_leads_write_the_same_address_in_different_case_and_spacing()
    {
        var several = _leads.Where(l => l.Email is not null).GroupBy(l => l.Person.Number).Where(p => p.Count() > 1).ToList();

        Assert.All(several, p =>
        {
            Assert.Single(p.Select(l => l.Email!.Trim().ToLowerInvariant()).Distinct());
            Assert.Equal(p.Count(), p.Select(l => l.Email).Distinct().Count());
        });
        Assert.All(_leads.Where(l => l.Email is { Length: > 0 }), l => Assert.Equal(l.Person.Email, l.Email!.Trim().ToLowerInvariant()));
        Assert.Contains(_leads, l => l.Email is { } e && e != e.Trim());
        Assert.Contains(_leads, l => l.Email is { } e && !e.Any(char.IsLower) && e.Any(char.IsLetter));
        Assert.Contains(_leads, l => l.Email is { } e && char.IsUpper(e[0]) && e.Any(char.IsLower));
        // Addresses are people: two people never share one, whatever the case.
        Assert.Equal(
            _leads.Where(l => l.Person.Email is not null).Select(l => l.Person.Number).Distinct().Count(),
            _leads.Where(l => l.Person.Email is not null).Select(l => l.Person.Email).Distinct().Count());
    }

    [Fact]
    public void Companies_have_several_people_whose_leads_disagree_on_the_company_name()
    {
        var companies = _leads.Where(l => l.Person.CompanyDomain is not null).GroupBy(l => l.Person.CompanyDomain).ToList();

        Assert.InRange(companies.Average(c => c.Select(l => l.Person.Number).Distinct().Count()), 2.0, 8.0);
        Assert.Contains(companies, c => c.Select(l => l.CompanyName).Where(n => !string.IsNullOrEmpty(n)).Distinct().Count() >= 3);
        Assert.Contains(_leads, l => l.CompanyName == "");
        Assert.Contains(_leads, l => l.CompanyName is { } n && n.EndsWith(" BV", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a scheme, www and a path", "https://www.", "/about")]
    [InlineData("a port", "http://", ":8080/")]
    [InlineData("only www", "www.", "")]
    [InlineData("capitals", "HTTP://WWW.", "")]
    [InlineData("a trailing dot", "", ".")]
    public void Some_leads_name_their_company_only_by_a_website(string what, string prefix, string suffix)
    {
        Assert.True(
            _leads.Any(l => l.CompanyDomain == "" && l.Website is { } w && w.StartsWith(prefix, StringComparison.Ordinal) && w.EndsWith(suffix, StringComparison.Ordinal)),
            what);
    }

    [Fact]
    public void Some_leads_have_neither_domain_nor_website_and_their_company_is_the_address_domain()
    {
        var bare = _leads.Where(l => l.CompanyDomain == "" && l.Website is null && l.Person.CompanyDomain is not null).ToList();

        Assert.NotEmpty(bare);
        Assert.All(bare, l => Assert.EndsWith("@" + l.Person.CompanyDomain, l.Email!.Trim().ToLowerInvariant(), StringComparison.Ordinal));
        Assert.Contains(_leads, l => l.CompanyDomain.StartsWith("www.", StringComparison.Ordinal));
    }

    [Fact]
    public void Free_mail_leads_carry_the_full_address_as_company_domain_and_make_no_company()
    {
        var freeMail = _leads.Where(l => l.Person.Email is not null && l.Person.CompanyDomain is null).ToList();

        Assert.InRange(freeMail.Count / (double)_leads.Count, 0.05, 0.25);
        Assert.Contains(freeMail, l => l.CompanyDomain == l.Person.Email);
        Assert.Contains(freeMail, l => l.CompanyDomain == "");
        Assert.Contains(freeMail, l => l.Person.Email!.EndsWith("@gmail.com", StringComparison.Ordinal));
        Assert.Contains(freeMail, l => l.Person.Email!.EndsWith("@ziggo.nl", StringComparison.Ordinal));
        Assert.All(_leads.Where(l => l.CompanyDomain.Contains('@', StringComparison.Ordinal)), l => Assert.Null(l.Person.CompanyDomain));
    }

    [Theory]
    [InlineData("Industry")]
    [InlineData("branche")]
    [InlineData(" Sector ")]
    [InlineData("Company Size")]
    [InlineData("aantal_medewerkers")]
    [InlineData("Medewerkers")]
    [InlineData("Employee-Count")]
    [InlineData("Annual Revenue")]
    [InlineData("omzet")]
    [InlineData("Jaaromzet")]
    [InlineData("City")]
    [InlineData("Vestigingsplaats")]
    [InlineData("Country")]
    [InlineData("Land")]
    [InlineData("Job Title")]
    [InlineData("Functie")]
    [InlineData("functie_titel")]
    public void Firmographics_come_under_english_and_dutch_names_in_mixed_case_and_spacing(string key)
    {
        Assert.Contains(_leads, l => l.Payload.TryGetProperty(key, out _));
    }

    [Theory]
    [InlineData("euro with dots", @"^€ \d{1,3}(\.\d{3})+$")]
    [InlineData("millions with M", @"^\d+(\.\d+)?M$")]
    [InlineData("thousands with k", @"^\d+k$")]
    [InlineData("Dutch mln with a decimal comma", @"^\d+(,\d+)? mln$")]
    [InlineData("dollars with commas", @"^\$\d{1,3}(,\d{3})+$")]
    [InlineData("a bare decimal", @"^\d+\.\d+$")]
    [InlineData("n/a", "^n/a$")]
    [InlineData("empty", "^$")]
    public void Revenue_comes_in_every_format_people_type(string format, string pattern)
    {
        var revenues = _leads.SelectMany(l => l.Payload.EnumerateObject())
            .Where(p => p.Name is "annualRevenue" or "Annual Revenue" or "omzet" or "Jaaromzet" && p.Value.ValueKind == JsonValueKind.String)
            .Select(p => p.Value.GetString()!);

        Assert.True(revenues.Any(r => System.Text.RegularExpressions.Regex.IsMatch(r, pattern)), format);
    }

    [Fact]
    public void Revenue_is_sometimes_a_json_number()
    {
        Assert.Contains(_leads, l => l.Payload.EnumerateObject().Any(p => p.Name == "annualRevenue" && p.Value.ValueKind == JsonValueKind.Number));
    }

    [Fact]
    public void About_one_lead_in_a_hundred_has_no_email_and_is_never_sent_to()
    {
        var without = _leads.Where(l => string.IsNullOrEmpty(l.Email)).ToList();

        Assert.InRange(without.Count / (double)_leads.Count, 0.004, 0.02);
        Assert.Contains(without, l => l.Email is null);
        Assert.Contains(without, l => l.Email == "");
        Assert.All(without, l => Assert.Null(l.Person.Email));
        Assert.All(without, l => Assert.Equal(1, _leads.Count(o => o.Person.Number == l.Person.Number)));
        var sentTo = workspace.EmailLeadIds;
        Assert.DoesNotContain(without, l => sentTo.Contains(l.Id));
    }

    [Fact]
    public async Task The_same_seed_makes_the_same_people_and_another_seed_other_people()
    {
        await using var same = await FakeInstantly.StartAsync(Workspace.Options(seed: 7));
        await using var other = await FakeInstantly.StartAsync(Workspace.Options(seed: 8));

        Assert.Equal(workspace.Fake.Workspace.People(), same.Workspace.People());
        Assert.Equal(workspace.Fake.Workspace.Leads(), same.Workspace.Leads());
        Assert.NotEqual(
            workspace.Fake.Workspace.People().Values.Select(p => p.Email).Order(StringComparer.Ordinal),
            other.Workspace.People().Values.Select(p => p.Email).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_clock_advance_changes_about_one_lead_in_a_hundred_and_adds_people_to_other_campaigns()
    {
        // Few emails for many leads, as in real workspaces: sequences then touch few leads a day.
        await using var fake = await FakeInstantly.StartAsync(Workspace.Options(seed: 7) with { Leads = 10_000, Emails = 1_000 });
        var before = fake.Workspace.Leads();
        var people = fake.Workspace.People();

        var advance = fake.AdvanceClock(TimeSpan.FromHours(24));

        var after = fake.Workspace.Leads();
        var peopleAfter = fake.Workspace.People();
        var changed = before.Count(pair => after[pair.Key] != pair.Value);
        Assert.InRange(changed / (double)before.Count, 0.005, 0.05);
        var fresh = after.Keys.Except(before.Keys).ToList();
        Assert.Equal(advance.NewLeads, fresh.Count);
        var returning = fresh.Where(id => people.Values.Any(p => p.Number == peopleAfter[id].Number)).ToList();
        Assert.Equal(advance.NewLeadsOfKnownPeople, returning.Count);
        Assert.NotEmpty(returning);
        Assert.All(returning, id =>
        {
            var earlier = people.Where(p => p.Value.Number == peopleAfter[id].Number).Select(p => JsonDocument.Parse(before[p.Key]).RootElement).ToList();
            var lead = JsonDocument.Parse(after[id]).RootElement;
            Assert.Equal(peopleAfter[id].Email, lead.Text("email").Trim().ToLowerInvariant());
            Assert.DoesNotContain(lead.Text("email"), earlier.Select(e => e.Text("email")));
            if (lead.OptionalText("campaign") is { } campaign)
            {
                Assert.DoesNotContain(campaign, earlier.Select(e => e.OptionalText("campaign")));
            }
        });
    }

    /// <summary>A lead as served, with the person the fake made it from.</summary>
    public sealed record Lead(string Id, string? Campaign, string? Email, string? CompanyName, string CompanyDomain, string? Website, JsonElement Payload, FakePerson Person);

    /// <summary>A workspace big enough for every variant to show up, read once through the oracle.</summary>
    public sealed class Workspace : IAsyncLifetime
    {
        public FakeInstantly Fake { get; private set; } = null!;

        public List<Lead> Leads { get; private set; } = [];

        public HashSet<string> EmailLeadIds { get; private set; } = [];

        public static FakeOptions Options(int seed) => FakeApiHttp.Small(seed) with { Leads = 4_000, Emails = 3_000 };

        public async Task InitializeAsync()
        {
            Fake = await FakeInstantly.StartAsync(Options(seed: 7));
            var people = Fake.Workspace.People();
            Leads = [.. Fake.Workspace.Leads().Select(pair =>
            {
                var lead = JsonDocument.Parse(pair.Value).RootElement;
                return new Lead(
                    pair.Key,
                    lead.OptionalText("campaign"),
                    lead.OptionalText("email"),
                    lead.OptionalText("company_name"),
                    lead.Text("company_domain"),
                    lead.OptionalText("website"),
                    lead.GetProperty("payload"),
                    people[pair.Key]);
            })];
            EmailLeadIds = [.. Fake.Workspace.Emails().Values.Select(e => JsonDocument.Parse(e).RootElement.Text("lead_id"))];
        }

        public async Task DisposeAsync() => await Fake.DisposeAsync();
    }
}
