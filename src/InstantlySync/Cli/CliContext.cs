using System.Collections;

namespace InstantlySync.Cli;

/// <summary>
/// The process edges a command touches: environment, output streams, clock and working directory.
/// Program.cs builds it from the real process; tests build their own and call the same entry point.
/// </summary>
internal sealed record CliContext
{
    public required IReadOnlyDictionary<string, string?> Environment { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>True when a person watches a terminal: enables the live progress display.</summary>
    public bool Interactive { get; init; }

    /// <summary>True when standard output is a terminal a person reads (not a pipe, a file or CI): tables may use color and box lines.</summary>
    public bool OutputIsTerminal { get; init; }

    public static CliContext FromProcess()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }

        return new CliContext
        {
            Environment = environment,
            Out = Console.Out,
            Error = Console.Error,
            Interactive = !Console.IsErrorRedirected && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("CI")),
            OutputIsTerminal = !Console.IsOutputRedirected && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("CI")),
        };
    }
}
