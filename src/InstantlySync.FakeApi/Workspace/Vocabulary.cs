namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Word lists the generator combines into people, companies and copy. Records keep indexes
/// into these arrays rather than strings, which is what keeps a million leads small.
/// </summary>
internal static class Vocabulary
{
    public static readonly string[] FirstNames =
    [
        "Anna", "Ben", "Carla", "David", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
        "Kira", "Liam", "Maya", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara",
        "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Amir", "Bea", "Chen", "Dana",
        "Emil", "Fatima", "Gil", "Hanna", "Ivan", "Julia", "Kofi", "Lena", "Marek", "Nora",
    ];

    public static readonly string[] LastNames =
    [
        "Schmidt", "Okafor", "Rossi", "Nakamura", "Dubois", "Kowalski", "Garcia", "Larsen", "Novak", "Haddad",
        "Fischer", "Silva", "Jensen", "Moreau", "Ebadi", "Kim", "Petrov", "Costa", "Weber", "Lindqvist",
        "Murphy", "Tanaka", "Bauer", "Ortiz", "Nguyen", "Meyer", "Hughes", "Varga", "Keller", "Stone",
    ];

    /// <summary>Names of the people leads are made of: the sender names plus Dutch ones (accounts keep the first lists).</summary>
    public static readonly string[] PersonFirstNames = [.. FirstNames, "Jan", "Piet", "Sanne", "Eva", "Daan", "Lotte", "Bram", "Fleur"];

    public static readonly string[] PersonLastNames =
        [.. LastNames, "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "Mulder"];

    public static readonly string[] CompanyStems =
    [
        "Northwind", "Bluepeak", "Cobalt", "Driftwood", "Emberline", "Foxglove", "Granite", "Harbor",
        "Ironleaf", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Orchard", "Pioneer",
        "Quarry", "Redwood", "Saltmarsh", "Tidewater", "Upland", "Vantage", "Willow", "Yardley",
    ];

    public static readonly string[] CompanySuffixes =
    [
        "Labs", "Systems", "Analytics", "Logistics", "Health", "Robotics", "Capital", "Foods",
        "Studio", "Software", "Energy", "Freight", "Legal", "Media", "Cloud", "Works",
    ];

    public static readonly string[] JobTitles =
    [
        "Founder", "CEO", "CTO", "Head of Sales", "VP Marketing", "Operations Manager",
        "Head of Growth", "Sales Director", "Product Manager", "Procurement Lead",
        "Directeur", "Eigenaar", "Inkoper", "Marketingmanager",
    ];

    public static readonly string[] Industries =
    [
        "Software", "Logistics", "Healthcare", "Manufacturing", "Retail", "Finance", "Energy", "Media",
    ];

    /// <summary>The same industries as Dutch uploads name them (same positions as <see cref="Industries"/>).</summary>
    public static readonly string[] IndustriesDutch =
    [
        "Software", "Logistiek", "Zorg", "Productie", "Detailhandel", "Financiële dienstverlening", "Energie", "Media",
    ];

    public static readonly string[] Cities =
    [
        "Berlin", "London", "Lisbon", "Warsaw", "Austin", "Toronto", "Dublin", "Madrid", "Oslo", "Vienna",
        "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Antwerpen",
    ];

    /// <summary>Each city's country in English and in Dutch (same positions as <see cref="Cities"/>).</summary>
    public static readonly (string English, string Dutch)[] Countries =
    [
        ("Germany", "Duitsland"), ("United Kingdom", "Verenigd Koninkrijk"), ("Portugal", "Portugal"), ("Poland", "Polen"),
        ("United States", "Verenigde Staten"), ("Canada", "Canada"), ("Ireland", "Ierland"), ("Spain", "Spanje"),
        ("Norway", "Noorwegen"), ("Austria", "Oostenrijk"), ("Netherlands", "Nederland"), ("Netherlands", "Nederland"),
        ("Netherlands", "Nederland"), ("Netherlands", "Nederland"), ("Netherlands", "Nederland"), ("Belgium", "België"),
    ];

    /// <summary>Consumer mailboxes (all on the modeled layer's free-mail list): a person, not a company.</summary>
    public static readonly string[] FreeMailDomains =
    [
        "gmail.com", "hotmail.nl", "outlook.com", "ziggo.nl", "yahoo.com", "kpnmail.nl", "live.nl", "icloud.com", "gmx.de",
    ];

    public static readonly string[] Segments =
    [
        "Q3 founders", "SaaS CTOs", "Logistics ops", "Agency owners", "Retail buyers",
        "Fintech heads of growth", "Healthcare IT", "Manufacturing procurement",
    ];

    public static readonly string[] Regions = ["UK", "DACH", "Nordics", "US East", "Iberia", "Benelux", "CEE"];

    public static readonly string[] SenderDomains =
    [
        "zyndixhq.example", "getzyndix.example", "zyndix-mail.example", "tryzyndix.example",
    ];

    public static readonly string[] Timezones =
    [
        "Europe/Isle_of_Man", "America/Detroit", "Europe/Belgrade", "Etc/GMT+12", "Asia/Tokyo", "Australia/Perth",
    ];

    public static readonly string[] OpeningSubjects =
    [
        "{{firstName}}, quick question", "Idea for {{companyName}}", "{{companyName}} + Zyndix",
        "Worth a look, {{firstName}}?", "Cutting onboarding time at {{companyName}}",
    ];

    public static readonly string[] ReplyTexts =
    [
        "Sounds good, Tuesday?", "Not interested, thanks.", "Please send more details.",
        "I'm out of office until next week.", "Wrong person, try our ops lead.", "Let's talk next month.",
    ];

    public static string CompanyName(int companyIndex) =>
        $"{CompanyStems[companyIndex % CompanyStems.Length]} {CompanySuffixes[companyIndex / CompanyStems.Length % CompanySuffixes.Length]}";

    public static string CompanyDomain(int companyIndex)
    {
        var stem = CompanyStems[companyIndex % CompanyStems.Length].ToLowerInvariant();
        var suffix = CompanySuffixes[companyIndex / CompanyStems.Length % CompanySuffixes.Length].ToLowerInvariant();
        var generation = companyIndex / (CompanyStems.Length * CompanySuffixes.Length);
        return generation == 0 ? $"{stem}{suffix}.example" : $"{stem}{suffix}{generation}.example";
    }
}
