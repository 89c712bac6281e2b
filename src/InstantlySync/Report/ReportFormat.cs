using System.Globalization;

namespace InstantlySync.Report;

/// <summary>How the report writes its figures, whatever the machine's culture.</summary>
internal static class ReportFormat
{
    /// <summary>What a figure the data does not have reads as.</summary>
    public const string Missing = "—";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long? value) => value is { } v ? Count(v) : Missing;

    /// <summary>A reply rate (already a percentage) with one decimal: <c>3.0%</c>.</summary>
    public static string Percent(decimal? rate) =>
        rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + "%" : Missing;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A campaign as a reader knows it: its name, or its id when it has none.</summary>
    public static string CampaignName(string campaignId, string? name) =>
        string.IsNullOrWhiteSpace(name) ? campaignId : name;

    /// <summary>A step and variant as Instantly numbers them (both from 0).</summary>
    public static string StepLabel(StepFigures step) =>
        $"step {step.Step ?? Missing}, variant {step.Variant ?? Missing}";
}
