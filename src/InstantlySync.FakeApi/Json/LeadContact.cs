using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>
/// How one lead writes its person and company. Uploads disagree: the same person's address comes
/// in another case or with spaces around it, a company is "Acme BV" on one lead and "Acme" or
/// nothing on the next, its domain may be missing with only a website (scheme, www, path, port) to
/// go by, and free-mail leads carry the full address as <c>company_domain</c>, as the real API
/// writes them. Chosen from the lead's salt, so a lead always reads the same.
/// </summary>
internal readonly record struct LeadContact(string? Email, string? CompanyName, string CompanyDomain, string? Website, bool HasJobTitle)
{
    public static LeadContact Of(LeadRecord lead)
    {
        if (lead.Pushed is { } pushed)
        {
            // As the API answers an added lead: company_domain from the address, the rest as sent.
            return new(pushed.Email, pushed.CompanyName, pushed.Domain ?? "", pushed.Website, pushed.JobTitle is not null);
        }

        var bits = JsonFormat.Mix(((ulong)lead.Salt << 32) ^ 0x243F6A8885A308D3UL);
        var address = lead.WithoutEmail ? null : People.Address(lead);
        var email = address is null
            ? (People.Take(ref bits, 2) == 0 ? null : "")
            : Styled(address, lead.EmailStyle);
        var hasJobTitle = People.Take(ref bits, 100) < 80;
        if (lead.FreeMailIndex >= 0)
        {
            // Free-mail leads: no company most of the time, sometimes a one-person business.
            var freelance = People.Take(ref bits, 100) < 20 ? $"{LeadJson.LastName(lead)} Advies" : null;
            var fullAddress = address is not null && People.Take(ref bits, 100) < 70;
            return new(email, freelance, fullAddress ? address! : "", null, hasJobTitle);
        }

        var domain = Vocabulary.CompanyDomain(lead.CompanyIndex);
        var (companyDomain, website) = (People.Take(ref bits, 100), People.Take(ref bits, Websites.Length)) switch
        {
            // A lead without an address keeps its company_domain, or it would have no company at all.
            (_, var w) when address is null => (domain, w % 2 == 0 ? $"https://www.{domain}" : null),
            ( < 80, var w) => (domain, w % 2 == 0 ? $"https://www.{domain}" : null),
            ( < 84, _) => ($"www.{domain}", null),
            ( < 94, var w) => ("", string.Format(System.Globalization.CultureInfo.InvariantCulture, Websites[w], domain, domain.ToUpperInvariant())),
            _ => ("", null),
        };

        return new(email, NameVariant(lead, People.Take(ref bits, 100)), companyDomain, website, hasJobTitle);
    }

    /// <summary>Websites as people paste them; {0} is the domain, {1} the domain in capitals.</summary>
    private static readonly string[] Websites =
    [
        "https://www.{0}/about", "http://{0}:8080/", "www.{0}", "{1}.", "https://{0}/contact?ref=linkedin", "HTTP://WWW.{1}",
    ];

    /// <summary>Mostly the canonical name, then the legal form, the bare stem, nothing, capitals.</summary>
    private static string NameVariant(LeadRecord lead, int roll)
    {
        var name = Vocabulary.CompanyName(lead.CompanyIndex);
        return roll switch
        {
            < 55 => name,
            < 68 => $"{name} BV",
            < 76 => Vocabulary.CompanyStems[lead.CompanyIndex % Vocabulary.CompanyStems.Length],
            < 86 => "",
            < 92 => name.ToUpperInvariant(),
            _ => $"{name} B.V.",
        };
    }

    /// <summary>0 as is, 1 capitalised, 2 spaces around, 3 capitals, 4 capitalised with a trailing space.</summary>
    private static string Styled(string address, byte style) => style switch
    {
        0 => address,
        1 => Capitalized(address),
        2 => $" {address} ",
        3 => address.ToUpperInvariant(),
        _ => Capitalized(address) + " ",
    };

    /// <summary><c>jan.jansen12@acme.example</c> → <c>Jan.Jansen12@Acme.Example</c>.</summary>
    private static string Capitalized(string address) => string.Create(address.Length, address, static (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = i == 0 || text[i - 1] is '.' or '@' ? char.ToUpperInvariant(text[i]) : text[i];
        }
    });
}
