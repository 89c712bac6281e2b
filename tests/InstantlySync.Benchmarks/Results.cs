using System.Runtime.InteropServices;
using System.Text.Json;
using Dapper;

namespace InstantlySync.Benchmarks;

/// <summary>Where and how a part was measured.</summary>
internal sealed record RunInfo(DateTimeOffset MeasuredAt, string Command, string Commit, Machine Machine)
{
    /// <summary>What a comparison run changed; null for the recorded configuration.</summary>
    public string? Label { get; init; }

    /// <summary>The commit measured, with "+changes" when the work tree differed from it.</summary>
    public static string CurrentCommit()
    {
        static string Git(params string[] arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Repository.Root };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }

        try
        {
            var commit = Git("rev-parse", "--short", "HEAD");
            return Git("status", "--porcelain", "--untracked-files=no", "--", "src", "tests", "migrations").Length > 0 ? commit + "+changes" : commit;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

internal sealed record Machine(string Cpu, int Cores, string Memory, string Os, string Runtime, string Postgres)
{
    public static async Task<Machine> DescribeAsync(CancellationToken cancellationToken)
    {
        static string Field(string file, string prefix) => File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim(' ', '\t', ':', '=', '"') ?? "?"
            : "?";
        var memoryKb = Field("/proc/meminfo", "MemTotal").Split(' ')[0];
        var memory = long.TryParse(memoryKb, out var kb) ? $"{kb / 1048576.0:0.0} GiB" : "?";
        await using var database = await BenchDatabase.CreateAsync("info", cancellationToken);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var settings = (await connection.QueryAsync<(string Name, string Setting)>(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'max_wal_size', 'work_mem') ORDER BY name")).ToList();
        var version = await database.ServerVersionAsync(cancellationToken);
        return new Machine(
            Field("/proc/cpuinfo", "model name"),
            Environment.ProcessorCount,
            memory,
            Field("/etc/os-release", "PRETTY_NAME="),
            RuntimeInformation.FrameworkDescription,
            $"PostgreSQL {version} ({string.Join(", ", settings.Select(s => $"{s.Name} {s.Setting}"))})");
    }
}

internal sealed record Saved<T>(RunInfo Run, T Result);

/// <summary>Each part's latest results as JSON files under <c>artifacts/benchmarks/</c>.</summary>
internal static class Results
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Directory => Path.Combine(Repository.Root, "artifacts", "benchmarks");

    public static void Save<T>(string name, RunInfo run, T result)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, name + ".json"), JsonSerializer.Serialize(new Saved<T>(run, result), Json));
    }

    public static string Slug(string label)
        => string.Concat(label.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');

    public static IEnumerable<Saved<T>> LoadAll<T>(string prefix)
        => System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, prefix + "*.json").Order(StringComparer.Ordinal)
                .Select(f => Load<T>(Path.GetFileNameWithoutExtension(f))!)
            : [];

    public static Saved<T>? Load<T>(string name)
    {
        var path = Path.Combine(Directory, name + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<Saved<T>>(File.ReadAllText(path), Json) : null;
    }
}
