using System.CommandLine;
using System.Text.RegularExpressions;

namespace InstantlySync.Cli;

/// <summary>The command-line entry point shared by Program.cs and the end-to-end tests.</summary>
internal static partial class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Copies Instantly.ai workspaces (API v2) into PostgreSQL raw tables.");
        root.Options.Add(CommonOptions.Config);
        root.Subcommands.Add(SyncCommand.Create(context));
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(TransformCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(WorkspacesCommand.Create(context));
        root.Subcommands.Add(PushCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(AccessCommands.Grant(context));
        root.Subcommands.Add(AccessCommands.Revoke(context));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line, exit 2: scripts and cron mails need the reason, not a help page.
            await context.Error.WriteLineAsync($"instantly-sync: {Friendly(parseResult.Errors[0].Message)} (see 'instantly-sync --help')");
            return ExitCodes.InvalidUsage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            // Signals are handled by Program.cs so the batch in flight can finish cleanly.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>
    /// A parse error without .NET type names: options with typed values parse them with errors of
    /// their own (<see cref="CommonOptions.WholeNumber"/>); this catches any the library still phrases
    /// as "… as expected type 'System.Boolean'".
    /// </summary>
    internal static string Friendly(string message) => ExpectedType().Replace(message, "").TrimEnd('.');

    [GeneratedRegex(@" as expected type '[^']*'")]
    private static partial Regex ExpectedType();
}
