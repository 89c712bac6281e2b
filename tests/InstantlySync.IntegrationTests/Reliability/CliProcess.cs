using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// The built CLI (<c>src/InstantlySync/bin/&lt;Configuration&gt;/net10.0/instantly-sync.dll</c>) as a real
/// process, so a test can kill it with SIGKILL at any moment, as cron, the OOM killer or a lost
/// runner would. Its environment holds only what the test gives plus the machine's non-Instantly
/// variables, so a developer's own DATABASE_URL can never leak in.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public static string DllPath { get; } = FindDll();

    /// <summary>Time since the start; stops once the process is seen to exit.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public bool HasExited => _process.HasExited;

    /// <summary>Once exited: its code (137 after SIGKILL).</summary>
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CliProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("INSTANTLY_", StringComparison.OrdinalIgnoreCase) || name is "DATABASE_URL" or "GITHUB_STEP_SUMMARY")
            {
                info.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end (or fails the test after <paramref name="timeout"/>) and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var exitCode = await process.WaitAsync(timeout);
        return (exitCode, process.Output, process.Elapsed);
    }

    /// <summary>The exit code, or an exception naming the output when the process outlives <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"instantly-sync did not exit within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }

        _clock.Stop();
        // Waiting again with no limit also drains the redirected streams.
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no signal handler, no finally block, no flush runs.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.WaitForExit();
        _clock.Stop();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The CLI built in the same configuration as these tests (scripts/test.sh builds Release).</summary>
    private static string FindDll()
    {
        var configuration = typeof(CliProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var candidates = new List<string>();
        if (ReliabilityReport.RepositoryRoot() is { } root)
        {
            candidates.Add(Path.Combine(root, "src", "InstantlySync", "bin", configuration, "net10.0", "instantly-sync.dll"));
        }

        // The project reference also copies the CLI beside the tests, runtimeconfig included.
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "instantly-sync.dll"));
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"The built CLI was not found; looked at {string.Join(", ", candidates)}. Build the solution first.");
    }
}
