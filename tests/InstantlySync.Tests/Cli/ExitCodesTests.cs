using InstantlySync.Cli;
using InstantlySync.Runs;

namespace InstantlySync.Tests.Cli;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData("Succeeded", 0)]
    [InlineData("Partial", 1)]
    [InlineData("Failed", 1)]
    [InlineData("Stopped", 3)]
    [InlineData("Locked", 4)]
    [InlineData("Cancelled", 130)]
    [InlineData("Timeout", 5)]
    public void Each_run_status_exits_with_its_documented_code(string status, int exitCode)
        => Assert.Equal(exitCode, ExitCodes.For(Enum.Parse<RunStatus>(status)));
}
