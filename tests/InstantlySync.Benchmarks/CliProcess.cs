using System.Diagnostics;
using System.Globalization;

namespace InstantlySync.Benchmarks;

/// <summary>How one run of the CLI went: exit code, wall time and peak resident memory.</summary>
internal sealed record CliRun(int ExitCode, double WallSeconds, long PeakRssBytes, string OutputFile);

/// <summary>
/// Runs the built CLI as a process, with its settings in the environment as a deployment would
/// set them, and samples its memory from <c>/proc/&lt;pid&gt;/status</c> until it exits.
/// </summary>
internal static class CliProcess
{
    /// <summary>
    /// The settings every benchmark's CLI runs with, as a deployment sets them: the fake's key and
    /// address, the database, a log folder of the run's own, and <c>CI</c> (plain output, no live display).
    /// </summary>
    public static Dictionary<string, string> Environment(string databaseUrl, string baseUrl, string logDirectory, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["INSTANTLY_API_KEY"] = FakeApiProcess.ApiKey,
            ["DATABASE_URL"] = databaseUrl,
            ["INSTANTLY_SYNC__Instantly__BaseUrl"] = baseUrl,
            ["INSTANTLY_SYNC__Logging__Directory"] = logDirectory,
            ["CI"] = "true",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    public static async Task<CliRun> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string outputFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(Repository.CliDll))
        {
            throw new InvalidOperationException($"{Repository.Relative(Repository.CliDll)} is missing: run dotnet build -c Release first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(outputFile)!,
        };
        start.ArgumentList.Add(Repository.CliDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CLI.");
        await using var output = new StreamWriter(outputFile);
        var stdout = CopyAsync(process.StandardOutput, output);
        var stderr = CopyAsync(process.StandardError, output);
        long peak = 0;
        using var sampler = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            await sampler.WaitForNextTickAsync(cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken);
        var wall = stopwatch.Elapsed.TotalSeconds;
        await Task.WhenAll(stdout, stderr);
        return new CliRun(process.ExitCode, wall, peak, outputFile);
    }

    /// <summary>VmHWM: the highest resident set size the process has had so far; 0 once it is gone.</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static async Task CopyAsync(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }
}
