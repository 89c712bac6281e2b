using System.Globalization;
using System.Text.Json;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>
/// The row-level rules of the modeled layer (SPEC §12), written again in C# from the text of the
/// spec so that the product's SQL can be checked against something it does not share. Nothing here
/// calls the SQL functions of migrations/0011_model_rules.sql.
/// </summary>
public static partial class ModelOracle
{
    /// <summary>SPEC §12's free-mail list, verbatim.</summary>
    public static IReadOnlySet<string> FreeMailDomains { get; } = new HashSet<string>(
        """
        gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com icloud.com
        me.com mac.com aol.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de mail.com zoho.com
        yandex.com yandex.ru hey.com fastmail.com hotmail.nl live.nl outlook.nl ziggo.nl kpnmail.nl
        hetnet.nl planet.nl home.nl telenet.be skynet.be
        """.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static readonly string[] IndustryKeys = ["industry", "branche", "sector", "sector_nl", "industrie"];
    public static readonly string[] CompanySizeKeys =
        ["company_size", "companysize", "employees", "employee_count", "headcount", "size", "bedrijfsgrootte", "medewerkers", "aantal_medewerkers", "werknemers"];
    public static readonly string[] RevenueKeys = ["revenue", "annual_revenue", "annualrevenue", "omzet", "jaaromzet"];
    public static readonly string[] CityKeys = ["city", "stad", "plaats", "woonplaats", "vestigingsplaats"];
    public static readonly string[] CountryKeys = ["country", "land"];
    public static readonly string[] JobTitleKeys = ["job_title", "jobtitle", "title", "functie", "functietitel"];

    /// <summary>Trimmed and lower-cased; nothing left means no email (and so no person).</summary>
    public static string? NormalizeEmail(string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>
    /// Lower-cased; a value holding <c>@</c> reduced to what follows its last <c>@</c>; scheme,
    /// path (also <c>?</c> and <c>#</c>), port, a leading <c>www.</c> and trailing dots removed.
    /// Reading: the <c>@</c> reduction comes first, so <c>mailto:jan@x.nl</c> is <c>x.nl</c>.
    /// </summary>
    public static string? NormalizeDomain(string? value)
    {
        var text = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            text = text[(at + 1)..];
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var end = text.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            text = text[..end];
        }

        var port = text.IndexOf(':', StringComparison.Ordinal);
        if (port >= 0)
        {
            text = text[..port];
        }

        if (text.StartsWith("www.", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        text = text.TrimEnd('.').Trim();
        return text.Length == 0 ? null : text;
    }

    public static bool IsFreeMail(string? domain) => domain is not null && FreeMailDomains.Contains(domain);

    /// <summary>
    /// The company domain of one Instantly lead: the first non-empty of company_domain, website and
    /// the email's domain, normalised; NULL for free mail. Reading: "non-empty" is judged on the raw
    /// value (blank after trimming counts as empty), so a free-mail company_domain hides the website
    /// behind it instead of falling through to it.
    /// </summary>
    public static string? CompanyDomain(string? companyDomain, string? website, string? email)
    {
        var emailDomain = NormalizeEmail(email) is { } normalized && normalized.Contains('@', StringComparison.Ordinal)
            ? normalized[(normalized.LastIndexOf('@') + 1)..]
            : null;
        var chosen = new[] { companyDomain, website, emailDomain }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var domain = NormalizeDomain(chosen);
        return IsFreeMail(domain) ? null : domain;
    }

    /// <summary>
    /// A custom variable of the lead's payload by any of <paramref name="names"/>, in their order:
    /// keys compare case-insensitively ignoring spaces, '-' and '_'. Readings: only strings, numbers
    /// and booleans count as values (numbers as written); a blank string counts as absent and the
    /// search goes on; the value is returned as written (not trimmed); two payload keys that
    /// normalise alike resolve to the first in the payload's order.
    /// </summary>
    public static string? CustomVariable(JsonElement payload, IEnumerable<string> names)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            var wanted = VariableKey(name);
            foreach (var property in payload.EnumerateObject())
            {
                if (VariableKey(property.Name) == wanted && ScalarText(property.Value) is { } text && !string.IsNullOrWhiteSpace(text))
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static string VariableKey(string key) =>
        string.Concat(key.Where(c => c is not (' ' or '-' or '_'))).ToLowerInvariant();

    internal static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static string CampaignStatus(int? status) => status switch
    {
        0 => "draft",
        1 => "active",
        2 => "paused",
        3 => "completed",
        4 => "running_subsequences",
        -1 => "accounts_unhealthy",
        -2 => "bounce_protect",
        -99 => "suspended",
        _ => "unknown",
    };

    public static string LeadStatus(int? status) => status switch
    {
        1 => "active",
        2 => "paused",
        3 => "completed",
        -1 => "bounced",
        -2 => "unsubscribed",
        -3 => "skipped",
        _ => "unknown",
    };

    /// <summary>Reading: a value outside the listed ones is NULL, like an absent one.</summary>
    public static string? Interest(int? value) => value switch
    {
        1 => "interested",
        2 => "meeting_booked",
        3 => "meeting_completed",
        4 => "won",
        0 => "out_of_office",
        -1 => "not_interested",
        -2 => "wrong_person",
        -3 => "lost",
        -4 => "no_show",
        _ => null,
    };

    /// <summary>Reading: an email of any other ue_type makes no event.</summary>
    public static string? EmailEventType(int? ueType) => ueType switch
    {
        1 => "email_sent",
        2 => "email_received",
        3 => "email_manual",
        4 => "email_scheduled",
        _ => null,
    };

    /// <summary>The derived statuses from lowest to highest.</summary>
    public static readonly string[] StatusOrder = ["not_yet_emailed", "emailed", "bounced", "replied"];

    public static string DerivedStatus(int? replyCount, bool hasLastReply, int? apiStatus, bool hasLastStep, bool hasLastContact) =>
        replyCount > 0 || hasLastReply ? "replied"
        : apiStatus == -1 ? "bounced"
        : hasLastStep || hasLastContact ? "emailed"
        : "not_yet_emailed";

    public static string HighestStatus(IEnumerable<string> statuses) =>
        statuses.MaxBy(s => Array.IndexOf(StatusOrder, s)) ?? "not_yet_emailed";

    /// <summary>
    /// 100 × replies ÷ sent to one decimal, halves away from zero (PostgreSQL's numeric round);
    /// NULL when nothing was sent.
    /// </summary>
    public static decimal? ReplyRate(long? replies, long? sent) =>
        sent is null or 0 || replies is null ? null : Math.Round(100m * replies.Value / sent.Value, 1, MidpointRounding.AwayFromZero);

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
