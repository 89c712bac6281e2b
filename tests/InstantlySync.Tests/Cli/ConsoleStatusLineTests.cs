using InstantlySync.Cli;
using InstantlySync.Logging;

namespace InstantlySync.Tests.Cli;

public sealed class ConsoleStatusLineTests : IDisposable
{
    private const string ClearLine = "\r\u001b[2K";
    private readonly string _directory = Directory.CreateTempSubdirectory("isync-statusline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_log_line_is_written_above_the_live_status_which_is_redrawn_below_it()
    {
        var terminal = new StringWriter();
        var line = new ConsoleStatusLine(terminal, enabled: true);
        using var logger = LogTiers.Create(new LogTierOptions { Directory = _directory, RetainedDays = 30, Console = line.LogLines });

        line.SetStatus("  [3s] 1/6 done");
        logger.Phase("CAMPAIGNS_END").Information("Inserted: {Inserted}", 4);

        Assert.Equal(
            ClearLine + "  [3s] 1/6 done" + ClearLine + "[INFO] CAMPAIGNS_END: Inserted: 4\n" + "  [3s] 1/6 done",
            terminal.ToString());
    }

    [Fact]
    public void Without_a_terminal_log_lines_are_plain()
    {
        var output = new StringWriter();
        var line = new ConsoleStatusLine(output, enabled: false);
        using var logger = LogTiers.Create(new LogTierOptions { Directory = _directory, RetainedDays = 30, Console = line.LogLines });

        line.SetStatus("  [3s] 1/6 done");
        logger.Phase("CAMPAIGNS_END").Information("Inserted: {Inserted}", 4);

        Assert.Equal("[INFO] CAMPAIGNS_END: Inserted: 4\n", output.ToString());
    }
}
