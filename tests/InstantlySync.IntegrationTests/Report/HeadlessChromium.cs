using System.Diagnostics;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>
/// Debian's <c>chromium</c> run headless as a child process, with a profile, HOME and caches in a
/// temporary folder of its own (deleted afterwards) so it never writes to the user's ~/.config.
/// A run that outlives its timeout is killed, it and the renderers it started, by its own PID.
/// The browser is required: scripts/test.sh installs it (scripts/chromium.sh), and a missing one
/// fails the test instead of skipping it.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>Points the tests at another Chromium build (a full path).</summary>
    public const string Variable = "INSTANTLY_TEST_CHROMIUM";

    private static readonly string[] Names = ["chromium", "chromium-browser"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{Variable} is {configured}, which does not exist.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"Chromium was not found on PATH (looked for {string.Join(", ", Names)}). The HTML report test needs a real " +
                $"headless browser: run scripts/chromium.sh (scripts/test.sh does) or set {Variable} to one.");
    }

    /// <summary>Runs the browser on <paramref name="page"/> with <paramref name="arguments"/>; returns what it printed on stdout.</summary>
    public static async Task<string> RunAsync(string page, IEnumerable<string> arguments)
    {
        var home = Directory.CreateTempSubdirectory("isync-chromium-");
        try
        {
            var info = new ProcessStartInfo(Find())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = home.FullName,
            };
            info.Environment["HOME"] = home.FullName;
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config");
            info.Environment["XDG_CACHE_HOME"] = Path.Combine(home.FullName, ".cache");
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(home.FullName, "profile")}",
            ];
            foreach (var argument in common.Concat(arguments).Append(new Uri(page).AbsoluteUri))
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Only the browser this test started, and the renderer processes it spawned.
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds}s and was killed (pid {process.Id}): {await error}");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await error}");
            }

            return await output;
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
