namespace InstantlySync.Benchmarks;

/// <summary>Paths inside the repository the benchmark runs from.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Migrations => Path.Combine(Root, "migrations");

    public static string CliDll => Path.Combine(Root, "src", "InstantlySync", "bin", "Release", "net10.0", "instantly-sync.dll");

    public static string FakeDll => Path.Combine(Root, "src", "InstantlySync.FakeApi", "bin", "Release", "net10.0", "InstantlySync.FakeApi.dll");

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "InstantlySync.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository (InstantlySync.sln not found).");
    }
}
