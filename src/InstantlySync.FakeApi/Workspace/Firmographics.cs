using InstantlySync.FakeApi.Json;

namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// What enrichment knows about a company: industry, head count, revenue and where it sits. Like a
/// person's traits they follow from the seed and the company number, so every lead of a company
/// agrees on the facts (and differs only in how its upload wrote them, see <c>LeadCustomVariables</c>).
/// </summary>
internal static class Firmographics
{
    private static readonly int[] HeadCounts = [4, 9, 18, 35, 60, 120, 240, 480, 1_200, 3_500];

    private static readonly long[] Revenues =
        [180_000, 350_000, 850_000, 1_200_000, 2_500_000, 4_750_000, 12_500_000, 48_000_000, 1_500_000, 640_000];

    /// <summary>The industry and city a new lead starts with: its company's, or the person's own for free-mail.</summary>
    public static (byte Industry, byte City) Place(WorkspaceData data, LeadRecord lead)
    {
        var bits = lead.FreeMailIndex >= 0
            ? JsonFormat.Mix(((ulong)(uint)data.Seed << 32) | (uint)lead.Person) ^ 0x3C6EF372FE94F82BUL
            : Company(data, lead.CompanyIndex);
        var industry = (byte)People.Take(ref bits, Vocabulary.Industries.Length);
        return (industry, (byte)People.Take(ref bits, Vocabulary.Cities.Length));
    }

    public static int HeadCount(WorkspaceData data, int companyIndex) => HeadCounts[(Company(data, companyIndex) >> 20) % (ulong)HeadCounts.Length];

    public static long Revenue(WorkspaceData data, int companyIndex) => Revenues[(Company(data, companyIndex) >> 40) % (ulong)Revenues.Length];

    private static ulong Company(WorkspaceData data, int companyIndex) =>
        JsonFormat.Mix(((ulong)(uint)data.Seed << 32) ^ ((ulong)(uint)companyIndex << 1) ^ 0xBB67AE8584CAA73BUL);
}
