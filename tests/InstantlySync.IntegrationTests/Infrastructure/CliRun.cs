using InstantlySync.Cli;

namespace InstantlySync.IntegrationTests.Infrastructure;

/// <summary>What one invocation of the real CLI entry point printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;
}

/// <summary>Runs the CLI entry point in-process with an environment of the test's own making.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(
        IReadOnlyDictionary<string, string?> environment,
        string[] args,
        string? workingDirectory = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Environment = environment,
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            Time = time ?? TimeProvider.System,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        var exitCode = await CliApp.RunAsync(args, context, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
