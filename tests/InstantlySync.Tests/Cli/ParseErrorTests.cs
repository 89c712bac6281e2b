using InstantlySync.Cli;

namespace InstantlySync.Tests.Cli;

public sealed class ParseErrorTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var context = new CliContext { Environment = new Dictionary<string, string?>(), Out = output, Error = output, WorkingDirectory = Path.GetTempPath() };
        var exitCode = await CliApp.RunAsync(args, context, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Theory]
    [InlineData("--batch-size must be a whole number (got 'many')", "sync", "--batch-size", "many")]
    [InlineData("--batch-size must be a whole number (got '2.5')", "import", "snapshot.json", "--batch-size", "2.5")]
    [InlineData("--runs must be a whole number (got 'lots')", "status", "--runs", "lots")]
    public async Task A_value_of_the_wrong_kind_is_named_in_plain_words_and_exits_2(string expected, params string[] args)
    {
        var (exitCode, output) = await RunAsync(args);

        Assert.Equal(ExitCodes.InvalidUsage, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("sync", "--batch-size", "many")]
    [InlineData("sync", "--dry-run", "maybe")]
    [InlineData("status", "--json", "perhaps")]
    [InlineData("status", "--runs", "1e3")]
    [InlineData("import", "a.json", "--quiet", "sometimes")]
    public async Task No_parse_error_names_a_dotnet_type(params string[] args)
    {
        var (exitCode, output) = await RunAsync(args);

        Assert.Equal(ExitCodes.InvalidUsage, exitCode);
        Assert.DoesNotContain("System.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("expected type", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cannot parse argument 'maybe' for option '--dry-run' as expected type 'System.Boolean'.", "Cannot parse argument 'maybe' for option '--dry-run'")]
    [InlineData("Unrecognized command or argument 'x'.", "Unrecognized command or argument 'x'")]
    public void The_library_s_type_names_are_taken_out_of_its_messages(string message, string friendly)
        => Assert.Equal(friendly, CliApp.Friendly(message));
}
