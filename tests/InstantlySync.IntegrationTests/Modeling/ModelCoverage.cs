using System.Text.Json;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// How many records of a workspace reach each rule of the modeled layer, printed beside the
/// end-to-end tests: an agreement between oracle and product says little about a rule no record
/// reached.
/// </summary>
public static class ModelCoverage
{
    public static string Describe(ModelInput input, ModelExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(expected);
        var leads = input.Leads.Select(json => JsonSerializer.Deserialize<JsonElement>(json)).ToList();
        string? Field(JsonElement lead, string name) => lead.TryGetProperty(name, out var v) ? ModelOracle.ScalarText(v) : null;
        string? Variable(JsonElement lead, string[] names) => lead.TryGetProperty("payload", out var p) ? ModelOracle.CustomVariable(p, names) : null;

        var withEmail = leads.Where(l => ModelOracle.NormalizeEmail(Field(l, "email")) is not null).ToList();
        var spelled = withEmail.GroupBy(l => ModelOracle.NormalizeEmail(Field(l, "email")), StringComparer.Ordinal)
            .Count(g => g.Select(l => Field(l, "email")).Distinct(StringComparer.Ordinal).Count() > 1);
        var revenues = leads.Select(l => Variable(l, ModelOracle.RevenueKeys)).Where(v => v is not null).ToList();
        var nameCounts = leads
            .GroupBy(l => ModelOracle.CompanyDomain(Field(l, "company_domain"), Field(l, "website"), Field(l, "email")), StringComparer.Ordinal)
            .Where(g => g.Key is not null)
            .Select(g => g.Select(l => Field(l, "company_name")).Where(n => !string.IsNullOrWhiteSpace(n)).GroupBy(n => n, StringComparer.Ordinal).Select(n => n.Count()).OrderDescending().ToList())
            .ToList();
        var counts = new (string, int)[]
        {
            ("leads", leads.Count),
            ("leads without email", leads.Count - withEmail.Count),
            ("persons", expected.Leads.Count),
            ("persons with several leads", withEmail.GroupBy(l => ModelOracle.NormalizeEmail(Field(l, "email")), StringComparer.Ordinal).Count(g => g.Count() > 1)),
            ("persons spelled several ways", spelled),
            ("persons in several campaigns", expected.Leads.Count(p => p.CampaignCount > 1)),
            ("persons without company (free mail or none)", expected.Leads.Count(p => p.CompanyDomain is null)),
            ("leads with a free-mail company_domain", leads.Count(l => ModelOracle.IsFreeMail(ModelOracle.NormalizeDomain(Field(l, "company_domain"))))),
            ("leads whose domain comes from website", leads.Count(l => string.IsNullOrWhiteSpace(Field(l, "company_domain")) && !string.IsNullOrWhiteSpace(Field(l, "website")))),
            ("companies", expected.Companies.Count),
            ("companies whose leads disagree on the name", nameCounts.Count(c => c.Count > 1)),
            ("companies with a tie for the name", nameCounts.Count(c => c.Count > 1 && c[0] == c[1])),
            ("revenue values", revenues.Count),
            ("revenue values that do not parse", revenues.Count(v => ModelOracle.ParseRevenue(v) is null)),
            ("leads with industry", leads.Count(l => Variable(l, ModelOracle.IndustryKeys) is not null)),
            ("leads with company_size", leads.Count(l => Variable(l, ModelOracle.CompanySizeKeys) is not null)),
            ("leads with country", leads.Count(l => Variable(l, ModelOracle.CountryKeys) is not null)),
            ("leads with job title only in the payload", leads.Count(l => string.IsNullOrWhiteSpace(Field(l, "job_title")) && Variable(l, ModelOracle.JobTitleKeys) is not null)),
            ("campaign leads replied / bounced / emailed", expected.CampaignLeads.Count(l => l.Status != "not_yet_emailed")),
            ("events", expected.Events.Count),
        };
        return string.Join("\n", counts.Select(c => $"{c.Item1}: {c.Item2}"));
    }
}
