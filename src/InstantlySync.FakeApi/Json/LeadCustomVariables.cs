using System.Globalization;
using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>
/// Firmographic custom variables in a lead's <c>payload</c>, named the way the upload's spreadsheet
/// named its columns: camelCase like Instantly's own enrichment, English headers, Dutch headers, or
/// messy ones with odd case, spaces, dashes and underscores. Revenue comes in whatever format
/// someone typed (<c>€ 1.200.000</c>, <c>1.2M</c>, <c>850k</c>, <c>2,5 mln</c>, <c>$1,200,000</c>,
/// <c>1.5</c>, <c>n/a</c>, empty, or a JSON number). The facts are the company's; only names and
/// formats vary with the lead.
/// </summary>
internal static class LeadCustomVariables
{
    // One row per key style: camelCase, English, Dutch, messy.
    private static readonly string[] IndustryKeys = ["industry", "Industry", "branche", " Sector "];
    private static readonly string[] SizeKeys = ["companySize", "Company Size", "aantal_medewerkers", "Employee-Count"];
    private static readonly string[] RevenueKeys = ["annualRevenue", "Annual Revenue", "omzet", "Jaaromzet"];
    private static readonly string[] CityKeys = ["city", "City", "Vestigingsplaats", "STAD "];
    private static readonly string[] CountryKeys = ["country", "Country", "Land", "land "];
    private static readonly string[] JobTitleKeys = ["jobTitle", "Job Title", "Functie", "functie_titel"];

    private const int Dutch = 2;

    /// <summary>Revenue formats, in the order <see cref="Revenue"/> picks them by number.</summary>
    public const int RevenueFormats = 9;

    /// <param name="topLevelJobTitle">Whether the lead has <c>job_title</c> (then the payload mirrors it as <c>jobTitle</c>).</param>
    public static void Write(Utf8JsonWriter writer, WorkspaceData data, LeadRecord lead, bool topLevelJobTitle)
    {
        var bits = JsonFormat.Mix(((ulong)lead.Salt << 32) ^ 0x13198A2E03707344UL);
        var style = People.Take(ref bits, IndustryKeys.Length);

        if (Present(ref bits))
        {
            var industries = style == Dutch ? Vocabulary.IndustriesDutch : Vocabulary.Industries;
            writer.WriteString(IndustryKeys[style], industries[lead.IndustryIndex]);
        }

        if (lead.FreeMailIndex < 0 && Present(ref bits))
        {
            WriteHeadCount(writer, style == Dutch && People.Take(ref bits, 2) == 0 ? "Medewerkers" : SizeKeys[style], style, Firmographics.HeadCount(data, lead.CompanyIndex));
        }

        if (lead.FreeMailIndex < 0 && Present(ref bits))
        {
            Revenue(writer, RevenueKeys[style], Firmographics.Revenue(data, lead.CompanyIndex), People.Take(ref bits, RevenueFormats));
        }

        if (Present(ref bits))
        {
            writer.WriteString(CityKeys[style], Vocabulary.Cities[lead.CityIndex]);
        }

        if (Present(ref bits))
        {
            var (english, dutch) = Vocabulary.Countries[lead.CityIndex];
            writer.WriteString(CountryKeys[style], style == Dutch ? dutch : english);
        }

        if (topLevelJobTitle)
        {
            writer.WriteString("jobTitle", Vocabulary.JobTitles[lead.JobTitleIndex]);
        }
        else if (Present(ref bits))
        {
            writer.WriteString(JobTitleKeys[style], Vocabulary.JobTitles[lead.JobTitleIndex]);
        }
    }

    /// <summary>Each firmographic is present on about 85% of leads.</summary>
    private static bool Present(ref ulong bits) => People.Take(ref bits, 100) < 85;

    private static void WriteHeadCount(Utf8JsonWriter writer, string key, int style, int headCount)
    {
        switch (style)
        {
            case 0:
                writer.WriteNumber(key, headCount);
                break;
            case 1:
                writer.WriteString(key, Band(headCount, "-"));
                break;
            case Dutch:
                writer.WriteString(key, headCount.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(key, Band(headCount, " - "));
                break;
        }
    }

    private static string Band(int headCount, string dash) => headCount switch
    {
        <= 10 => $"1{dash}10",
        <= 50 => $"11{dash}50",
        <= 200 => $"51{dash}200",
        <= 500 => $"201{dash}500",
        <= 1000 => $"501{dash}1000",
        _ => "1000+",
    };

    /// <summary>Writes <paramref name="amount"/> under <paramref name="key"/> in format <paramref name="format"/> (0 to <see cref="RevenueFormats"/> - 1).</summary>
    public static void Revenue(Utf8JsonWriter writer, string key, long amount, int format)
    {
        var invariant = CultureInfo.InvariantCulture;
        var millions = (amount / 1_000_000m).ToString("0.##", invariant);
        switch (format)
        {
            case 0:
                writer.WriteString(key, "€ " + amount.ToString("N0", invariant).Replace(',', '.'));
                break;
            case 1:
                writer.WriteString(key, millions + "M");
                break;
            case 2:
                writer.WriteString(key, (amount / 1000).ToString(invariant) + "k");
                break;
            case 3:
                writer.WriteString(key, millions.Replace('.', ',') + " mln");
                break;
            case 4:
                writer.WriteString(key, "$" + amount.ToString("N0", invariant));
                break;
            case 5:
                // Millions without a unit, as typed into a "revenue (m)" column: it reads as a small number.
                writer.WriteString(key, millions);
                break;
            case 6:
                writer.WriteString(key, "n/a");
                break;
            case 7:
                writer.WriteString(key, "");
                break;
            default:
                writer.WriteNumber(key, amount);
                break;
        }
    }
}
