using InstantlySync.FakeApi;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

FakeInstantly fake;
try
{
    fake = await FakeInstantly.StartAsync(CommandLine.Parse(args));
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

await using (fake)
{
    // Scripts read these lines: the URL from the first, each workspace's id and key from the others.
    var generated = $"generated in {fake.GenerationTime.TotalSeconds:0.00}s";
    Console.WriteLine(fake.Workspaces.Count == 1
        ? $"Fake Instantly API listening on {fake.BaseUrl} ({Sizes(fake.Workspace)}, {generated})"
        : $"Fake Instantly API listening on {fake.BaseUrl} ({fake.Workspaces.Count} workspaces, {generated})");
    foreach (var workspace in fake.Workspaces)
    {
        var reach = workspace.SubWorkspaceOf is { } admin ? $"via admin {admin}" : $"key {workspace.ApiKey}";
        Console.WriteLine($"workspace {workspace.Name} id {workspace.WorkspaceId} {reach} ({Sizes(workspace)})");
    }

    await fake.WaitForShutdownAsync();
}

return 0;

static string Sizes(FakeWorkspace workspace) =>
    $"seed {workspace.Options.Seed}, {workspace.LeadCount} leads, {workspace.EmailCount} emails, clock {workspace.Now:yyyy-MM-ddTHH:mm:ssZ}";
