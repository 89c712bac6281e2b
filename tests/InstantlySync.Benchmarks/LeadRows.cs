using System.Globalization;
using System.Text.Json;
using InstantlySync.FakeApi;
using InstantlySync.Entities;

namespace InstantlySync.Benchmarks;

/// <summary>
/// Lead rows exactly as the sync writes them: the JSON the fake API serves for each lead of a
/// generated workspace, through the production <see cref="LeadTransformer"/>, in id order.
/// </summary>
internal static class LeadRows
{
    public static async Task<List<RawRow>> GenerateAsync(int count, CancellationToken cancellationToken)
    {
        await using var fake = await FakeInstantly.StartAsync(
            new FakeOptions { Seed = 7, Campaigns = 50, Accounts = 40, Leads = count, Emails = 2_000, Days = 60 }, cancellationToken);
        var rows = new List<RawRow>(count);
        foreach (var (_, json) in fake.Workspace.Leads().OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            rows.Add(Transform(json));
        }

        return rows;
    }

    /// <summary>Every <paramref name="stride"/>-th row, so a smaller set keeps the same mix of lead states.</summary>
    public static List<RawRow> Sample(List<RawRow> rows, int count)
    {
        var stride = Math.Max(1, rows.Count / count);
        return rows.Where((_, i) => i % stride == 0).Take(count).ToList();
    }

    /// <summary>
    /// The lead after an enrichment rescoring, as the API would serve it on the next sync: a new
    /// <c>timestamp_updated</c> (an extracted column) and a new <c>payload.leadScore</c>.
    /// </summary>
    public static RawRow Changed(RawRow row)
    {
        var json = row.RawJson;
        var json2 = ReplaceValue(json, "\"timestamp_updated\":\"", ['"'], value =>
            DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).AddDays(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        var changed = ReplaceValue(json2, "\"leadScore\":", [',', '}'], value =>
            ((int.Parse(value, CultureInfo.InvariantCulture) + 1) % 100).ToString(CultureInfo.InvariantCulture));
        return Transform(changed);
    }

    public static double AverageJsonBytes(IReadOnlyList<RawRow> rows)
        => rows.Take(10_000).Average(r => System.Text.Encoding.UTF8.GetByteCount(r.RawJson));

    private static RawRow Transform(string json)
    {
        using var document = JsonDocument.Parse(json);
        // The transformer copies the text out of the document; keep the one string instead.
        return Leads.Entity.ToRow(document.RootElement) with { RawJson = json };
    }

    private static string ReplaceValue(string json, string prefix, char[] ends, Func<string, string> change)
    {
        var start = json.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"Lead JSON without {prefix}");
        }

        start += prefix.Length;
        var stop = json.IndexOfAny(ends, start);
        return string.Concat(json.AsSpan(0, start), change(json[start..stop]), json.AsSpan(stop));
    }
}
