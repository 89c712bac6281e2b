using System.Globalization;
using System.Text.RegularExpressions;

namespace InstantlySync.IntegrationTests.Modeling;

public static partial class ModelOracle
{
    /// <summary>
    /// Currency codes ignored around a revenue figure. Reading: SPEC §12 says "codes" without a
    /// list; these are the ISO codes a European or US lead list plausibly carries. They are removed
    /// only as whole words, so the multipliers <c>mln</c>, <c>mio</c> and <c>mld</c> survive.
    /// </summary>
    public static readonly string[] CurrencyCodes =
        ["eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", "czk", "huf", "cad", "aud", "jpy", "cny", "inr", "brl", "zar", "nzd"];

    private static readonly (string Suffix, decimal Factor)[] Multipliers =
    [
        ("mln", 1_000_000m), ("mio", 1_000_000m), ("mld", 1_000_000_000m), ("mm", 1_000_000m),
        ("bn", 1_000_000_000m), ("k", 1_000m), ("m", 1_000_000m), ("b", 1_000_000_000m),
    ];

    /// <summary>
    /// A revenue custom variable as a number (SPEC §12): currency signs, codes and spaces ignored;
    /// '.' or ',' before groups of exactly three digits are thousands separators, otherwise a single
    /// '.' or ',' is the decimal mark; k, m/mm/mln/mio, b/bn/mld multiply; anything else is NULL.
    /// Readings: one kind of thousands separator per figure (<c>1.200,000</c> is NULL); the group
    /// before the first separator may have any number of digits (<c>1234.567</c> = 1234567, as the
    /// rule reads literally); no sign and no leading decimal mark (<c>-5</c>, <c>.5</c> are NULL).
    /// </summary>
    public static decimal? ParseRevenue(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.ToLowerInvariant();
        text = string.Concat(text.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.CurrencySymbol));
        text = CodeWord().Replace(text, match => CurrencyCodes.Contains(match.Value) ? " " : match.Value);
        text = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

        var factor = 1m;
        foreach (var (suffix, multiplier) in Multipliers)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length];
                factor = multiplier;
                break;
            }
        }

        decimal number;
        if (Grouped().IsMatch(text))
        {
            number = decimal.Parse(text.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        else if (Plain().IsMatch(text))
        {
            number = decimal.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture);
        }
        else
        {
            return null;
        }

        return number * factor;
    }

    [GeneratedRegex("[a-z]+")]
    private static partial Regex CodeWord();

    /// <summary>Digits, then one or more groups of exactly three digits behind the same separator.</summary>
    [GeneratedRegex(@"^[0-9]+([.,])[0-9]{3}(\1[0-9]{3})*$")]
    private static partial Regex Grouped();

    /// <summary>Digits with at most one decimal mark.</summary>
    [GeneratedRegex(@"^[0-9]+([.,][0-9]+)?$")]
    private static partial Regex Plain();
}
