using InstantlySync.Cli;

namespace InstantlySync.Tests.Cli;

public sealed class ConfigurationErrorTests
{
    private const string ApiKey = "sk-live-DoNotPrint-9f8e7d";
    private const string Password = "Pg-DoNotPrint-42";

    private static async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        var context = new CliContext
        {
            Environment = environment,
            Out = output,
            Error = output,
            WorkingDirectory = Path.GetTempPath(),
        };
        var exitCode = await CliApp.RunAsync(args, context, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Invalid_settings_exit_3_listing_every_problem_without_any_secret()
    {
        var environment = new Dictionary<string, string?>
        {
            ["INSTANTLY_API_KEY"] = ApiKey,
            ["DATABASE_URL"] = $"mysql://admin:{Password}@db:3306/x",
            ["INSTANTLY_SYNC__Instantly__PageSize"] = "0",
            ["INSTANTLY_SYNC__Sync__InitialWindowDays"] = "forever",
        };

        var (exitCode, output) = await RunAsync(environment, "migrate");

        Assert.Equal(ExitCodes.PreconditionFailed, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("Instantly:PageSize", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Sync:InitialWindowDays", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DATABASE_URL", StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flag_exits_2_with_one_line()
    {
        var (exitCode, output) = await RunAsync([], "migrate", "--frobnicate");

        Assert.Equal(ExitCodes.InvalidUsage, exitCode);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
