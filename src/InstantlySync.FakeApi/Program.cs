using InstantlySync.FakeApi;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

FakeOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

await using var fake = await FakeInstantly.StartAsync(options);
Console.WriteLine(
    $"Fake Instantly API listening on {fake.BaseUrl} (seed {options.Seed}, {fake.Workspace.LeadCount} leads, " +
    $"{fake.Workspace.EmailCount} emails, clock {fake.Now:yyyy-MM-ddTHH:mm:ssZ}, generated in {fake.GenerationTime.TotalSeconds:0.00}s)");
await fake.WaitForShutdownAsync();
return 0;
