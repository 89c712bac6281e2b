namespace InstantlySync.Report;

/// <summary>Orders step and variant keys as numbers when they are ("2" before "10"), as text otherwise, nulls last.</summary>
internal sealed class StepKeyComparer : IComparer<string?>
{
    public static StepKeyComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }

        var xNumber = long.TryParse(x, out var a);
        var yNumber = long.TryParse(y, out var b);
        return (xNumber, yNumber) switch
        {
            (true, true) => a.CompareTo(b),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(x, y),
        };
    }
}
