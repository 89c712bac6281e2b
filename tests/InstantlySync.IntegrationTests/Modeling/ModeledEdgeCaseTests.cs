using System.Text.Json.Nodes;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.IntegrationTests.Reliability;
using static InstantlySync.IntegrationTests.Modeling.SomeRecords;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// The rules where a generated workspace rarely goes: hand-written leads at the edges of SPEC §12,
/// served in place of the fake's leads (everything else is the fake's), synced and transformed by
/// the real CLI, and compared with the oracle over the very same records.
/// </summary>
public sealed class ModeledEdgeCaseTests : HarnessTest
{
    private const string Prefix = "/api/v2";

    [Fact]
    public async Task Leads_at_the_edges_the_spec_spells_out_model_as_the_oracle_computes_them()
        => await AssertModelsAsOracleAsync(SpelledOut, "the edges SPEC §12 spells out");

    /// <summary>
    /// Where SPEC §12 leaves a choice open the oracle takes the reading written beside its rule;
    /// a difference here is a question for the spec as much as for the product.
    /// </summary>
    [Fact]
    public async Task Leads_where_the_spec_leaves_a_choice_model_as_the_oracle_reads_it()
        => await AssertModelsAsOracleAsync(OpenQuestions, "the edges where SPEC §12 leaves a choice");

    private async Task AssertModelsAsOracleAsync(Func<string, string, List<string>> edges, string what)
    {
        var campaigns = Harness.Fake.Workspace.Campaigns().Keys.Order(StringComparer.Ordinal).ToArray();
        var leads = edges(campaigns[0], campaigns[1]);
        var page = new JsonObject { ["items"] = new JsonArray([.. leads.Select(l => JsonNode.Parse(l))]) }.ToJsonString();
        using var upstream = new HttpClient { BaseAddress = new Uri(Harness.Fake.RootUrl) };
        await using var stub = await StubApi.StartAsync(async context =>
        {
            if (context.Request.Path.Value == Prefix + "/leads/list")
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                // Leads may be listed per campaign and once across them all; the crafted page is served once.
                await StubApi.JsonAsync(context, body.Contains("\"campaign\":", StringComparison.Ordinal) ? """{"items":[]}""" : page);
                return;
            }

            await StubApi.ForwardAsync(context, upstream);
        });
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__BaseUrl"] = stub.BaseUrl;

        var sync = await Harness.SyncAsync("--all");
        var transform = await Harness.RunAsync(["transform", "--full"]);

        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        Assert.True(transform.ExitCode == ExitCodes.Success, transform.All);
        var expected = ModelOracle.Compute(ModelInput.From(Harness.Fake.Workspace) with { Leads = leads });
        var differences = await ModelTables.DifferencesAsync(Harness.Database.DataSource, expected, examples: 12);
        Assert.True(differences.Count == 0, $"The modeled layer differs from the oracle on {what}:\n" + string.Join("\n", differences));
    }

    private static string T(int day, int hour = 0) => $"2025-03-{day:00}T{hour:00}:00:00.000Z";

    /// <summary>One lead or person per case the spec states outright.</summary>
    private static List<string> SpelledOut(string c1, string c2)
    {
        var revenues = new[] { "€ 1.200.000", "1.2M", "850k", "2,5 mln", "1,200,000", "1.200", "1.5", "2,75", "n/a", "1.234,56", "$ 950,000", "4 MM", "EUR 120000", "3 mio", "2 mld", "1.5bn" };
        var leads = new List<string>();
        for (var i = 0; i < revenues.Length; i++)
        {
            leads.Add(Lead($"edge-rev-{i:00}", T(1), ("campaign", c1), ("email", $"rev{i}@revenue{i}.example"), ("payload", new JsonObject { ["omzet"] = revenues[i] })));
        }

        leads.AddRange(
        [
            // Revenue as a JSON number, under an English key with an underscore and capitals.
            Lead("edge-rev-num", T(1), ("campaign", c1), ("email", "num@revenue-num.example"), ("payload", new JsonObject { ["Annual_Revenue"] = 1200000 })),
            // One person in two campaigns, spelled two ways: columns from the newest lead that has them.
            Lead("edge-p1-old", T(2), ("campaign", c1), ("email", "Pat@Person-One.example"), ("phone", "+31 6 1"), ("first_name", "Patricia"),
                ("payload", new JsonObject { ["jaaromzet"] = "2,5 mln", ["Branche"] = "Bouw", ["Land"] = "NL" })),
            Lead("edge-p1-new", T(5), ("campaign", c2), ("email", "  pat@person-one.EXAMPLE "), ("phone", ""), ("first_name", "Pat"),
                ("payload", new JsonObject { ["Sector-NL"] = "Zorg", ["industrie"] = "Bouw" })),
            // Domain normalisation.
            Lead("edge-dom-at", T(2), ("campaign", c1), ("email", "a@x-one.example"), ("company_domain", "Jan@Bedrijf.NL")),
            Lead("edge-dom-mailto", T(2), ("campaign", c1), ("email", "b@x-two.example"), ("company_domain", "mailto:info@Mailto-Co.example")),
            Lead("edge-dom-url", T(2), ("campaign", c1), ("email", "c@x-three.example"), ("company_domain", null), ("website", "HTTP://WWW.Shop.Example.co.uk:8080/path?x=1#top")),
            Lead("edge-dom-dot", T(2), ("campaign", c1), ("email", "d@x-four.example"), ("company_domain", "Trailing-Dot.example.")),
            Lead("edge-dom-free-site", T(2), ("campaign", c1), ("email", "f@x-six.example"), ("company_domain", "  "), ("website", "http://www.hotmail.com/")),
            Lead("edge-dom-free-cd", T(2), ("campaign", c1), ("email", "g@x-seven.example"), ("company_domain", "someone@GMAIL.com"), ("website", "https://real.example")),
            Lead("edge-free", T(2), ("campaign", c1), ("email", "jane.doe@Gmail.com")),
            Lead("edge-free-nl", T(2), ("campaign", c1), ("email", "piet@kpnmail.nl"), ("company_domain", null)),
            // Custom variables: Dutch keys, case and separators, a number, a blank, job title only in the payload, synonym order.
            Lead("edge-icp-nl", T(2), ("campaign", c1), ("email", "h@icp-nl.example"), ("job_title", ""),
                ("payload", new JsonObject
                {
                    ["Aantal Medewerkers"] = 35, ["WOONPLAATS"] = "Utrecht", ["LAND"] = "NL", ["Functie Titel"] = "Directeur", ["industry"] = "  ", ["Branche"] = "Retail",
                })),
            Lead("edge-icp-order", T(2), ("campaign", c1), ("email", "i@icp-order.example"), ("job_title", "CEO"),
                ("payload", new JsonObject { ["size"] = "S", ["Bedrijfsgrootte"] = "10-50", ["Vestigings_plaats"] = "Gent", ["stad"] = "Brugge", ["title"] = "Dr" })),
            // Statuses.
            Lead("edge-st-lastreply", T(2), ("campaign", c1), ("email", "l@status.example"), ("timestamp_last_reply", T(1, 5))),
            Lead("edge-st-bounced", T(2), ("campaign", c1), ("email", "m@status.example"), ("status", -1), ("status_summary", new { lastStep = new { stepID = "0_0_0" } })),
            Lead("edge-st-contact", T(2), ("campaign", c1), ("email", "n@status.example"), ("timestamp_last_contact", T(1, 6))),
            Lead("edge-st-unknown", T(2), ("campaign", c1), ("email", "o@status.example"), ("status", 0)),
            Lead("edge-st-ooo", T(2), ("campaign", c1), ("email", "p@status.example"), ("status", -3), ("lt_interest_status", 0)),
            Lead("edge-st-list", T(2), ("campaign", null), ("list_id", "list-1"), ("email", "n@status.example"), ("status", -2)),
            // Company names: a tie (2 and 2) goes to the most recently updated lead.
            Lead("edge-co-1", T(1), ("campaign", c1), ("email", "q1@tie-co.example"), ("company_name", "Tie A")),
            Lead("edge-co-2", T(6), ("campaign", c1), ("email", "q2@tie-co.example"), ("company_name", "Tie B")),
            Lead("edge-co-3", T(2), ("campaign", c1), ("email", "q3@tie-co.example"), ("company_name", "Tie A")),
            Lead("edge-co-4", T(3), ("campaign", c1), ("email", "q4@tie-co.example"), ("company_name", "Tie B")),
            Lead("edge-co-5", T(7), ("campaign", c1), ("email", "q5@tie-co.example"), ("company_name", " ")),
        ]);
        return leads;
    }

    /// <summary>One lead or person per open question; the comment on each names the oracle's reading.</summary>
    private static List<string> OpenQuestions(string c1, string c2) =>
    [
        // "1234.567": grouping with a first group of more than three digits. Oracle: the rule read literally, 1234567.
        Lead("open-rev-long-group", T(1), ("campaign", c1), ("email", "r1@open-rev.example"), ("payload", new JsonObject { ["omzet"] = "1234.567" })),
        // "-5": a sign. Oracle: NULL.
        Lead("open-rev-sign", T(1), ("campaign", c1), ("email", "r2@open-rev.example"), ("payload", new JsonObject { ["omzet"] = "-5" })),
        // The newest lead's revenue does not parse, an older one's does. Oracle: the parsed figure of the older lead.
        Lead("open-rev-old", T(2), ("campaign", c1), ("email", "rv@open-rev-two.example"), ("payload", new JsonObject { ["jaaromzet"] = "2,5 mln" })),
        Lead("open-rev-new", T(5), ("campaign", c2), ("email", "rv@open-rev-two.example"), ("payload", new JsonObject { ["revenue"] = "n/a" })),
        // Equal timestamp_updated on one person's leads. Oracle: the greater lead id wins, whichever order they come in.
        Lead("open-tie-a", T(3), ("campaign", c1), ("email", "tie@open-tie.example"), ("first_name", "Alpha")),
        Lead("open-tie-b", T(3), ("campaign", c2), ("email", "TIE@open-tie.example"), ("first_name", "Bravo")),
        Lead("open-tie2-b", T(3), ("campaign", c2), ("email", "tie2@open-tie.example"), ("first_name", "Bravo")),
        Lead("open-tie2-a", T(3), ("campaign", c1), ("email", "tie2@open-tie.example"), ("first_name", "Alpha")),
        // A person who moved company. Oracle: the old domain is still a company (of the old lead), with lead_count 0.
        Lead("open-move-old", T(2), ("campaign", c1), ("email", "mo@open-old.example"), ("company_name", "Old Co")),
        Lead("open-move-new", T(4), ("campaign", c2), ("email", "mo@open-old.example"), ("company_domain", "open-new.example"), ("company_name", "New Co")),
        // Leads without email but with a domain. Oracle: companies of no person, lead_count 0.
        Lead("open-noemail", T(2), ("campaign", c1), ("email", null), ("company_domain", "open-orphan.example"), ("company_name", "Orphan BV")),
        Lead("open-blankemail", T(2), ("campaign", c1), ("email", "   "), ("website", "https://www.open-orphan-two.example/team")),
        // company_domain non-empty but nothing left after normalising. Oracle: non-empty is judged on the raw value, so NULL.
        Lead("open-dom-scheme-only", T(2), ("campaign", c1), ("email", "e@open-five.example"), ("company_domain", "https://"), ("website", "open-fallback.example")),
        // Padded text. Oracle: kept as written.
        Lead("open-pad", T(2), ("campaign", c1), ("email", "k@open-pad.example"), ("first_name", " Anna "), ("payload", new JsonObject { ["city"] = " Delft " })),
        // A nested custom variable and a boolean one. Oracle: the nested one is no value, the boolean reads "true".
        Lead("open-icp-kinds", T(2), ("campaign", c1), ("email", "j@open-icp.example"), ("payload", new JsonObject { ["industry"] = new JsonObject { ["x"] = 1 }, ["Country"] = true })),
        // Company names differing only in case. Oracle: different names.
        Lead("open-case-1", T(1), ("campaign", c1), ("email", "s1@open-case.example"), ("company_name", "Case Co")),
        Lead("open-case-2", T(2), ("campaign", c1), ("email", "s2@open-case.example"), ("company_name", "CASE CO")),
        Lead("open-case-3", T(3), ("campaign", c1), ("email", "s3@open-case.example"), ("company_name", "CASE CO")),
        Lead("open-case-4", T(4), ("campaign", c1), ("email", "s4@open-case.example"), ("company_name", "case co")),
        Lead("open-case-5", T(5), ("campaign", c1), ("email", "s5@open-case.example"), ("company_name", "Case Co")),
        Lead("open-case-6", T(6), ("campaign", c1), ("email", "s6@open-case.example"), ("company_name", "case co")),
        // An interest value outside the list. Oracle: NULL.
        Lead("open-interest", T(2), ("campaign", c1), ("email", "t@open-interest.example"), ("lt_interest_status", 7)),
    ];
}
