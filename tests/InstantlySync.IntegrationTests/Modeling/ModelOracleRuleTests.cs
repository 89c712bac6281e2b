using System.Globalization;
using System.Text.Json;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// The oracle's row-level rules on hand-written values, one row per case of SPEC §12, so that a
/// disagreement between the oracle and the product can be trusted to be the product's.
/// </summary>
public sealed class ModelOracleRuleTests
{
    [Theory]
    [InlineData("€ 1.200.000", "1200000")]
    [InlineData("1.2M", "1200000")]
    [InlineData("850k", "850000")]
    [InlineData("2,5 mln", "2500000")]
    [InlineData("1,200,000", "1200000")]
    [InlineData("1.200", "1200")]
    [InlineData("1.5", "1.5")]
    [InlineData("2,75", "2.75")]
    [InlineData("n/a", null)]
    [InlineData("3 mio", "3000000")]
    [InlineData("4 MM", "4000000")]
    [InlineData("1.5bn", "1500000000")]
    [InlineData("2 mld", "2000000000")]
    [InlineData("£1.2b", "1200000000")]
    [InlineData("$ 950,000", "950000")]
    [InlineData("EUR 120000", "120000")]
    [InlineData("120000 usd", "120000")]
    [InlineData("1 200 000", "1200000")]
    [InlineData("42", "42")]
    [InlineData("1.234,56", null)]
    [InlineData("1.200,000", null)]
    [InlineData("about 5m", null)]
    [InlineData("5x", null)]
    [InlineData("-5", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Revenue_is_parsed_from_the_ways_people_write_it(string? value, string? expected)
        => Assert.Equal(expected is null ? null : decimal.Parse(expected, CultureInfo.InvariantCulture), ModelOracle.ParseRevenue(value));

    [Theory]
    [InlineData("Example.com", "example.com")]
    [InlineData("https://www.Example.com/about?x=1", "example.com")]
    [InlineData("HTTP://shop.example.co.uk:8080/", "shop.example.co.uk")]
    [InlineData("www.example.com.", "example.com")]
    [InlineData("example.com/team", "example.com")]
    [InlineData("  WWW.EXAMPLE.NL  ", "example.nl")]
    [InlineData("jan@Bedrijf.nl", "bedrijf.nl")]
    [InlineData("mailto:jan@bedrijf.nl", "bedrijf.nl")]
    [InlineData("example.com#contact", "example.com")]
    [InlineData("www2.example.com", "www2.example.com")]
    [InlineData("  ", null)]
    [InlineData("https://", null)]
    [InlineData(null, null)]
    public void A_domain_loses_scheme_www_path_port_and_trailing_dot(string? value, string? expected)
        => Assert.Equal(expected, ModelOracle.NormalizeDomain(value));

    [Theory]
    [InlineData("gmail.com", true)]
    [InlineData("googlemail.com", true)]
    [InlineData("hotmail.nl", true)]
    [InlineData("kpnmail.nl", true)]
    [InlineData("skynet.be", true)]
    [InlineData("proton.me", true)]
    [InlineData("example.com", false)]
    [InlineData("mail.gmail.com", false)]
    public void Free_mail_domains_are_the_listed_ones(string domain, bool free)
        => Assert.Equal(free, ModelOracle.IsFreeMail(domain));

    [Fact]
    public void The_free_mail_list_holds_the_34_domains_of_the_spec()
        => Assert.Equal(34, ModelOracle.FreeMailDomains.Count);

    [Theory]
    [InlineData("Acme.io", "https://www.other.com", "jane@third.com", "acme.io")]
    [InlineData(null, "https://www.Acme.io/team", "jane@third.com", "acme.io")]
    [InlineData("  ", "", " Jane@Acme.IO ", "acme.io")]
    [InlineData("jane@gmail.com", "https://acme.io", "jane@gmail.com", null)]
    [InlineData(null, "http://www.hotmail.com/", "jane@acme.io", null)]
    [InlineData(null, null, "jane@hotmail.com", null)]
    [InlineData(null, null, "not-an-email", null)]
    [InlineData(null, null, null, null)]
    public void A_company_is_the_first_non_empty_domain_unless_it_is_free_mail(string? companyDomain, string? website, string? email, string? expected)
        => Assert.Equal(expected, ModelOracle.CompanyDomain(companyDomain, website, email));

    [Theory]
    [InlineData("""{"Industry": "SaaS"}""", "industry", "SaaS")]
    [InlineData("""{"BRANCHE": "Logistiek"}""", "industry", "Logistiek")]
    [InlineData("""{"sector nl": "Zorg", "industrie": "Bouw"}""", "industry", "Zorg")]
    [InlineData("""{"industrie": "Bouw", "Sector-NL": "Zorg"}""", "industry", "Zorg")]
    [InlineData("""{"Sector": "Retail", "Industry": "SaaS"}""", "industry", "SaaS")]
    [InlineData("""{"industry": "  ", "branche": "Retail"}""", "industry", "Retail")]
    [InlineData("""{"industry": {"nested": true}}""", "industry", null)]
    [InlineData("""{"Company Size": "51-200"}""", "company_size", "51-200")]
    [InlineData("""{"Aantal_Medewerkers": 35}""", "company_size", "35")]
    [InlineData("""{"Bedrijfs-grootte": "10-50", "size": "S"}""", "company_size", "S")]
    [InlineData("""{"Bedrijfs-grootte": "10-50", "werknemers": "12"}""", "company_size", "10-50")]
    [InlineData("""{"JaarOmzet": "€ 1.200.000"}""", "revenue", "€ 1.200.000")]
    [InlineData("""{"Annual Revenue": "1.2M", "omzet": "5"}""", "revenue", "1.2M")]
    [InlineData("""{"Functie titel": "CEO"}""", "job_title", "CEO")]
    [InlineData("""{"jobTitle": "CTO", "title": "Dr"}""", "job_title", "CTO")]
    [InlineData("""{"WoonPlaats": "Utrecht"}""", "city", "Utrecht")]
    [InlineData("""{"Vestigings_plaats": "Gent", "stad": "Brugge"}""", "city", "Brugge")]
    [InlineData("""{"LAND": "NL"}""", "country", "NL")]
    [InlineData("""{}""", "country", null)]
    [InlineData("""null""", "industry", null)]
    public void Custom_variables_match_english_and_dutch_names_ignoring_case_spaces_dashes_and_underscores(string payload, string field, string? expected)
    {
        var names = field switch
        {
            "industry" => ModelOracle.IndustryKeys,
            "company_size" => ModelOracle.CompanySizeKeys,
            "revenue" => ModelOracle.RevenueKeys,
            "job_title" => ModelOracle.JobTitleKeys,
            "city" => ModelOracle.CityKeys,
            _ => ModelOracle.CountryKeys,
        };
        using var document = JsonDocument.Parse(payload);

        Assert.Equal(expected, ModelOracle.CustomVariable(document.RootElement, names));
    }

    [Theory]
    [InlineData(1, false, -1, true, true, "replied")]
    [InlineData(0, true, -1, false, false, "replied")]
    [InlineData(0, false, -1, true, true, "bounced")]
    [InlineData(0, false, -1, false, false, "bounced")]
    [InlineData(0, false, 1, true, false, "emailed")]
    [InlineData(0, false, 3, false, true, "emailed")]
    [InlineData(0, false, 1, false, false, "not_yet_emailed")]
    [InlineData(null, false, null, false, false, "not_yet_emailed")]
    public void A_lead_status_is_replied_then_bounced_then_emailed_then_not_yet_emailed(
        int? replies, bool lastReply, int? apiStatus, bool lastStep, bool lastContact, string expected)
        => Assert.Equal(expected, ModelOracle.DerivedStatus(replies, lastReply, apiStatus, lastStep, lastContact));

    [Theory]
    [InlineData("emailed,not_yet_emailed", "emailed")]
    [InlineData("not_yet_emailed,bounced,emailed", "bounced")]
    [InlineData("bounced,replied,emailed", "replied")]
    [InlineData("not_yet_emailed", "not_yet_emailed")]
    public void A_person_takes_the_highest_status_of_their_leads(string statuses, string expected)
        => Assert.Equal(expected, ModelOracle.HighestStatus(statuses.Split(',')));

    [Theory]
    [InlineData(0, "draft")]
    [InlineData(1, "active")]
    [InlineData(2, "paused")]
    [InlineData(3, "completed")]
    [InlineData(4, "running_subsequences")]
    [InlineData(-1, "accounts_unhealthy")]
    [InlineData(-2, "bounce_protect")]
    [InlineData(-99, "suspended")]
    [InlineData(5, "unknown")]
    [InlineData(null, "unknown")]
    public void Campaign_statuses_read_as_text(int? status, string expected) => Assert.Equal(expected, ModelOracle.CampaignStatus(status));

    [Theory]
    [InlineData(1, "active")]
    [InlineData(2, "paused")]
    [InlineData(3, "completed")]
    [InlineData(-1, "bounced")]
    [InlineData(-2, "unsubscribed")]
    [InlineData(-3, "skipped")]
    [InlineData(0, "unknown")]
    [InlineData(null, "unknown")]
    public void Lead_statuses_read_as_text(int? status, string expected) => Assert.Equal(expected, ModelOracle.LeadStatus(status));

    [Theory]
    [InlineData(1, "interested")]
    [InlineData(2, "meeting_booked")]
    [InlineData(3, "meeting_completed")]
    [InlineData(4, "won")]
    [InlineData(0, "out_of_office")]
    [InlineData(-1, "not_interested")]
    [InlineData(-2, "wrong_person")]
    [InlineData(-3, "lost")]
    [InlineData(-4, "no_show")]
    [InlineData(null, null)]
    public void Interest_reads_as_text_and_absent_is_null(int? value, string? expected) => Assert.Equal(expected, ModelOracle.Interest(value));

    [Theory]
    [InlineData(1L, 3L, "33.3")]
    [InlineData(2L, 3L, "66.7")]
    [InlineData(1L, 8L, "12.5")]
    [InlineData(1L, 16L, "6.3")]
    [InlineData(0L, 7L, "0")]
    [InlineData(0L, 0L, null)]
    [InlineData(4L, 0L, null)]
    public void Reply_rate_is_a_percentage_to_one_decimal_and_null_when_nothing_was_sent(long replies, long sent, string? expected)
        => Assert.Equal(expected is null ? null : decimal.Parse(expected, CultureInfo.InvariantCulture), ModelOracle.ReplyRate(replies, sent));
}
