using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// The rules of the modeled layer (README, "The modeled layer"), one row per case, run as the
/// SQL functions the transform calls, in a database built by the migrations.
/// </summary>
public sealed class ModelRulesTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private async Task<T?> CallAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    [Theory]
    [InlineData("  Jane.Doe@Example.COM ", "jane.doe@example.com")]
    [InlineData("a@b.nl", "a@b.nl")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public async Task An_email_is_trimmed_and_lower_cased(string? email, string? expected)
        => Assert.Equal(expected, await CallAsync<string?>("SELECT instantly_sync.normalize_email(@email)", new { email }));

    [Theory]
    [InlineData("Example.com", "example.com")]
    [InlineData("https://www.Example.com/about?x=1", "example.com")]
    [InlineData("http://shop.example.co.uk:8080/", "shop.example.co.uk")]
    [InlineData("www.example.com.", "example.com")]
    [InlineData("example.com/", "example.com")]
    [InlineData("WWW.EXAMPLE.NL", "example.nl")]
    [InlineData("jan@Bedrijf.nl", "bedrijf.nl")]
    [InlineData("mailto:jan@bedrijf.nl", "bedrijf.nl")]
    [InlineData("example.com#contact", "example.com")]
    [InlineData("  ", null)]
    [InlineData("https://", null)]
    public async Task A_domain_loses_scheme_www_path_port_and_trailing_dot(string value, string? expected)
        => Assert.Equal(expected, await CallAsync<string?>("SELECT instantly_sync.normalize_domain(@value)", new { value }));

    [Theory]
    [InlineData("gmail.com", true)]
    [InlineData("hotmail.nl", true)]
    [InlineData("skynet.be", true)]
    [InlineData("proton.me", true)]
    [InlineData("example.com", false)]
    [InlineData("mail.example.com", false)]
    public async Task Free_mail_domains_are_the_listed_ones(string domain, bool free)
        => Assert.Equal(free, await CallAsync<bool>("SELECT instantly_sync.is_free_mail(@domain)", new { domain }));

    [Theory]
    [InlineData("Acme.io", "https://www.other.com", "jane@third.com", "acme.io")]
    [InlineData(null, "https://www.Acme.io/team", "jane@third.com", "acme.io")]
    [InlineData("  ", "", "Jane@Acme.io", "acme.io")]
    [InlineData("jane@gmail.com", "https://acme.io", "jane@gmail.com", null)]
    [InlineData(null, null, "jane@hotmail.com", null)]
    [InlineData(null, null, null, null)]
    [InlineData("https://", "acme.io", "jane@third.com", null)]
    [InlineData(" \t", "https://", "jane@third.com", null)]
    [InlineData(null, null, "Jane@WWW.Acme.io", "acme.io")]
    [InlineData(null, null, "not-an-address", null)]
    public async Task A_company_is_the_first_non_empty_domain_unless_it_is_free_mail(string? companyDomain, string? website, string? email, string? expected)
        => Assert.Equal(expected, await CallAsync<string?>(
            "SELECT instantly_sync.company_domain(@companyDomain, @website, @email)", new { companyDomain, website, email }));

    [Theory]
    [InlineData("€ 1.200.000", "1200000")]
    [InlineData("1,200,000", "1200000")]
    [InlineData("1.200", "1200")]
    [InlineData("1.5", "1.5")]
    [InlineData("2,75", "2.75")]
    [InlineData("1.2M", "1200000")]
    [InlineData("850k", "850000")]
    [InlineData("2,5 mln", "2500000")]
    [InlineData("3 mio", "3000000")]
    [InlineData("1.5bn", "1500000000")]
    [InlineData("2 mld", "2000000000")]
    [InlineData("4 MM", "4000000")]
    [InlineData("$ 950,000", "950000")]
    [InlineData("EUR 120000", "120000")]
    [InlineData("120000 USD", "120000")]
    [InlineData("£1.2b", "1200000000")]
    [InlineData("42", "42")]
    [InlineData("1234.567", "1234567")]
    [InlineData("12345,678,901", "12345678901")]
    [InlineData("0.500", "500")]
    [InlineData("1234.5678", "1234.5678")]
    [InlineData("1.200,000", null)]
    [InlineData("n/a", null)]
    [InlineData("", null)]
    [InlineData("1.234,56", null)]
    [InlineData("about 5m", null)]
    [InlineData("5x", null)]
    [InlineData(null, null)]
    public async Task Revenue_is_parsed_from_the_ways_people_write_it(string? value, string? expected)
    {
        var parsed = await CallAsync<decimal?>("SELECT instantly_sync.parse_revenue(@value)", new { value });

        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
    }

    [Theory]
    [InlineData("""{"Industry": "SaaS"}""", "industry,branche,sector,sector_nl,industrie", "SaaS")]
    [InlineData("""{"BRANCHE": "Logistiek"}""", "industry,branche,sector,sector_nl,industrie", "Logistiek")]
    [InlineData("""{"sector nl": "Zorg", "industrie": "Bouw"}""", "industry,branche,sector,sector_nl,industrie", "Zorg")]
    [InlineData("""{"industrie": "Bouw", "Sector-NL": "Zorg"}""", "industry,branche,sector,sector_nl,industrie", "Zorg")]
    [InlineData("""{"Company Size": "51-200"}""", "company_size,companysize,employees,employee_count,headcount,size,bedrijfsgrootte,medewerkers,aantal_medewerkers,werknemers", "51-200")]
    [InlineData("""{"Aantal medewerkers": 35}""", "company_size,companysize,employees,employee_count,headcount,size,bedrijfsgrootte,medewerkers,aantal_medewerkers,werknemers", "35")]
    [InlineData("""{"industry": "  ", "branche": "Retail"}""", "industry,branche,sector,sector_nl,industrie", "Retail")]
    [InlineData("""{"jaaromzet": "€ 1.200.000"}""", "revenue,annual_revenue,annualrevenue,omzet,jaaromzet", "€ 1.200.000")]
    [InlineData("""{"Functie titel": "CEO"}""", "job_title,jobtitle,title,functie,functietitel", "CEO")]
    [InlineData("""{"WoonPlaats": "Utrecht"}""", "city,stad,plaats,woonplaats,vestigingsplaats", "Utrecht")]
    [InlineData("""{"Land": "NL"}""", "country,land", "NL")]
    [InlineData("""{"industry": {"nested": true}}""", "industry,branche,sector,sector_nl,industrie", null)]
    [InlineData("""{"industry": ["SaaS"], "branche": "Retail"}""", "industry,branche,sector,sector_nl,industrie", "Retail")]
    [InlineData("""{"Country": true}""", "country,land", "true")]
    [InlineData("""{"remote": false}""", "remote", "false")]
    [InlineData("""{"headcount": 42}""", "company_size,headcount", "42")]
    [InlineData("""{"city": " Delft "}""", "city,stad", " Delft ")]
    [InlineData("""{"city": "\t ", "stad": "Gent"}""", "city,stad", "Gent")]
    [InlineData("""{}""", "industry", null)]
    [InlineData("""null""", "industry", null)]
    public async Task Firmographic_keys_match_their_english_and_dutch_names_ignoring_case_spaces_dashes_and_underscores(string payload, string names, string? expected)
        => Assert.Equal(expected, await CallAsync<string?>(
            "SELECT instantly_sync.custom_variable(@payload::jsonb, @names)", new { payload, names = names.Split(',') }));

    [Theory]
    [InlineData(" Anna ", " Anna ")]
    [InlineData("Anna", "Anna")]
    [InlineData("", null)]
    [InlineData(" \t\n", null)]
    [InlineData(null, null)]
    public async Task Text_is_kept_as_written_and_blank_text_is_empty(string? value, string? expected)
        => Assert.Equal(expected, await CallAsync<string?>("SELECT instantly_sync.non_blank(@value)", new { value }));

    [Theory]
    [InlineData(0, "draft")]
    [InlineData(1, "active")]
    [InlineData(2, "paused")]
    [InlineData(3, "completed")]
    [InlineData(4, "running_subsequences")]
    [InlineData(-1, "accounts_unhealthy")]
    [InlineData(-2, "bounce_protect")]
    [InlineData(-99, "suspended")]
    [InlineData(7, "unknown")]
    [InlineData(null, "unknown")]
    public async Task Campaign_statuses_read_as_text(int? status, string expected)
        => Assert.Equal(expected, await CallAsync<string>("SELECT instantly_sync.campaign_status(@status)", new { status }));

    [Theory]
    [InlineData("""{"sequences": [{"steps": [{"type": "email"}, {"type": "email"}]}, {"steps": [{"type": "email"}]}]}""", 2)]
    [InlineData("""{"sequences": [{"steps": []}]}""", 0)]
    [InlineData("""{"sequences": [{}]}""", 0)]
    [InlineData("""{"sequences": []}""", 0)]
    [InlineData("""{"status": 1}""", 0)]
    public async Task A_campaign_counts_the_steps_of_its_first_sequence_and_none_is_zero(string campaign, int expected)
        => Assert.Equal(expected, await CallAsync<int>("SELECT instantly_sync.step_count(@campaign::jsonb)", new { campaign }));

    [Theory]
    [InlineData(1, "active")]
    [InlineData(2, "paused")]
    [InlineData(3, "completed")]
    [InlineData(-1, "bounced")]
    [InlineData(-2, "unsubscribed")]
    [InlineData(-3, "skipped")]
    [InlineData(0, "unknown")]
    [InlineData(null, "unknown")]
    public async Task Lead_statuses_read_as_text(int? status, string expected)
        => Assert.Equal(expected, await CallAsync<string>("SELECT instantly_sync.lead_status(@status)", new { status }));

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
    public async Task Interest_reads_as_text_and_absent_is_null(int? value, string? expected)
        => Assert.Equal(expected, await CallAsync<string?>("SELECT instantly_sync.interest(@value)", new { value }));

    [Theory]
    [InlineData(1, "email_sent")]
    [InlineData(2, "email_received")]
    [InlineData(3, "email_manual")]
    [InlineData(4, "email_scheduled")]
    public async Task Email_events_are_typed_by_ue_type(int ueType, string expected)
        => Assert.Equal(expected, await CallAsync<string>("SELECT instantly_sync.email_event_type(@ueType)", new { ueType }));

    [Fact]
    public async Task A_person_takes_the_highest_status_among_their_leads()
    {
        var highest = await CallAsync<string>(
            """
            SELECT s FROM unnest(ARRAY['not_yet_emailed', 'bounced', 'emailed']) AS s
             ORDER BY instantly_sync.status_rank(s) DESC LIMIT 1
            """);

        Assert.Equal("bounced", highest);
        Assert.True(await CallAsync<bool>(
            "SELECT instantly_sync.status_rank('replied') > instantly_sync.status_rank('bounced') AND instantly_sync.status_rank('emailed') > instantly_sync.status_rank('not_yet_emailed')"));
    }
}
