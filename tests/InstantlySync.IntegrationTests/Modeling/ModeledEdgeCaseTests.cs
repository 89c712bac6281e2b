using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
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
    public async Task Records_at_the_edges_the_spec_spells_out_model_as_the_oracle_computes_them()
        => await AssertModelsAsOracleAsync(new Edges(SpelledOut, SpelledOutCampaigns, SpelledOutEmails), "the edges SPEC §12 spells out");

    /// <summary>
    /// Where SPEC §12 leaves a choice open the oracle takes the reading written beside its rule;
    /// a difference here is a question for the spec as much as for the product.
    /// </summary>
    [Fact]
    public async Task Records_where_the_spec_leaves_a_choice_model_as_the_oracle_reads_it()
        => await AssertModelsAsOracleAsync(new Edges(OpenQuestions, OpenCampaigns, OpenEmails), "the edges where SPEC §12 leaves a choice");

    /// <summary>Hand-written records: leads in place of the fake's, campaigns and emails beside the fake's.</summary>
    private sealed record Edges(
        Func<string, string, List<string>> Leads, Func<List<string>> Campaigns, Func<DateTimeOffset, string, List<string>> Emails);

    private async Task AssertModelsAsOracleAsync(Edges edges, string what)
    {
        var workspace = Harness.Fake.Workspace;
        var campaignIds = workspace.Campaigns().Keys.Order(StringComparer.Ordinal).ToArray();
        var leads = edges.Leads(campaignIds[0], campaignIds[1]);
        var campaigns = edges.Campaigns();
        var emails = edges.Emails(workspace.Now.AddDays(-1), campaignIds[0]);
        var page = new JsonObject { ["items"] = new JsonArray([.. leads.Select(l => JsonNode.Parse(l))]) }.ToJsonString();
        using var upstream = new HttpClient { BaseAddress = new Uri(Harness.Fake.RootUrl) };
        await using var stub = await StubApi.StartAsync(async context =>
        {
            var path = context.Request.Path.Value;
            if (path == Prefix + "/leads/list")
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                // Leads may be listed per campaign and once across them all; the crafted page is served once.
                await StubApi.JsonAsync(context, body.Contains("\"campaign\":", StringComparison.Ordinal) ? """{"items":[]}""" : page);
            }
            else if (path == Prefix + "/campaigns" || path == Prefix + "/emails")
            {
                await AppendToLastPageAsync(context, upstream, path.EndsWith("/emails", StringComparison.Ordinal) ? emails : campaigns);
            }
            else
            {
                await StubApi.ForwardAsync(context, upstream);
            }
        });
        Harness.ExtraEnvironment["INSTANTLY_SYNC__Instantly__BaseUrl"] = stub.BaseUrl;

        var sync = await Harness.SyncAsync("--all");
        var transform = await Harness.RunAsync(["transform", "--full"]);

        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        Assert.True(transform.ExitCode == ExitCodes.Success, transform.All);
        var fake = ModelInput.From(workspace);
        var expected = ModelOracle.Compute(fake with { Leads = leads, Campaigns = [.. fake.Campaigns, .. campaigns], Emails = [.. fake.Emails, .. emails] });
        var differences = await ModelTables.DifferencesAsync(Harness.Database.DataSource, expected, examples: 12);
        Assert.True(differences.Count == 0, $"The modeled layer differs from the oracle on {what}:\n" + string.Join("\n", differences));
    }

    /// <summary>The fake's answer, with <paramref name="extra"/> added to the page that has no next cursor.</summary>
    private static async Task AppendToLastPageAsync(HttpContext context, HttpClient upstream, List<string> extra)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Request.Path + context.Request.QueryString);
        request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        using var response = await upstream.SendAsync(request, context.RequestAborted);
        var text = await response.Content.ReadAsStringAsync(context.RequestAborted);
        if (!response.IsSuccessStatusCode || JsonNode.Parse(text) is not JsonObject body || body["items"] is not JsonArray items)
        {
            await StubApi.JsonAsync(context, text, (int)response.StatusCode);
            return;
        }

        if (body["next_starting_after"] is null)
        {
            foreach (var record in extra)
            {
                items.Add(JsonNode.Parse(record));
            }
        }

        await StubApi.JsonAsync(context, body.ToJsonString());
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

    private static List<string> SpelledOutCampaigns() =>
    [
        // A campaign that never sent: no analytics row, so every count is NULL.
        Campaign("edge-camp-draft", ("status", 0), ("sequences", new[] { new { steps = new object[] { new { type = "email" }, new { type = "email" } } } })),
        Campaign("edge-camp-suspended", ("status", -99), ("sequences", new[] { new { steps = new object[] { new { type = "email" } } } })),
        Campaign("edge-camp-unknown", ("status", 7), ("sequences", new[] { new { steps = Array.Empty<object>() } })),
    ];

    private static List<string> SpelledOutEmails(DateTimeOffset day, string campaign)
    {
        var created = day.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            // No timestamp_email: the event is at timestamp_created.
            Email("edge-email-no-time", ("timestamp_created", created), ("campaign_id", campaign), ("lead", "Pat@Person-One.example"), ("lead_id", "edge-p1-old")),
            // No step on a reply.
            Email("edge-email-reply", ("timestamp_created", created), ("timestamp_email", created), ("campaign_id", campaign), ("ue_type", 2), ("step", null), ("lead", "l@status.example")),
        ];
    }

    private static List<string> OpenCampaigns() =>
    [
        // No sequences at all. Oracle: step_count 0.
        Campaign("open-camp-no-sequences", ("status", 1)),
        // An empty sequences array. Oracle: step_count 0.
        Campaign("open-camp-empty-sequences", ("status", 2), ("sequences", Array.Empty<object>())),
    ];

    private static List<string> OpenEmails(DateTimeOffset day, string campaign)
    {
        var created = day.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            // A padded lead address. Oracle: the email rule, trimmed as well as lower-cased.
            Email("open-email-padded", ("timestamp_created", created), ("timestamp_email", created), ("campaign_id", campaign), ("lead", "  Pat@Open-Mail.example ")),
            // A manual email carries no campaign_id. Oracle: the event's campaign is NULL, not the lead's.
            Email("open-email-manual", ("timestamp_created", created), ("timestamp_email", created), ("campaign_id", null), ("ue_type", 3), ("lead", "rv@open-rev-two.example"), ("lead_id", "open-rev-new")),
            // A ue_type outside 1–4. Oracle: no event.
            Email("open-email-type5", ("timestamp_created", created), ("timestamp_email", created), ("campaign_id", campaign), ("ue_type", 5)),
        ];
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
