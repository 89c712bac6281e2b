using InstantlySync.Benchmarks;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (!options.ReportOnly)
{
    await Parts.RunAsync(options, "dotnet run -c Release --project tests/InstantlySync.Benchmarks -- " + string.Join(' ', args), Console.Out, cancel.Token);
}

var report = Report.Write();
Console.WriteLine($"Wrote {Repository.Relative(report)}");
return 0;
