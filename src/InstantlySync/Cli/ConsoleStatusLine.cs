namespace InstantlySync.Cli;

/// <summary>
/// The console's last line as a live status (progress) that log lines scroll above. Disabled when
/// nobody watches a terminal (CI, cron), where only plain log lines are written.
/// </summary>
internal sealed class ConsoleStatusLine(TextWriter writer, bool enabled)
{
    private const string ClearLine = "\r\u001b[2K";
    private readonly Lock _gate = new();
    private string _status = "";

    public bool Enabled => enabled;

    public void WriteLine(string text)
    {
        lock (_gate)
        {
            if (_status.Length > 0)
            {
                writer.Write(ClearLine);
            }

            writer.Write(text);
            if (_status.Length > 0)
            {
                writer.Write(_status);
            }

            writer.Flush();
        }
    }

    public void SetStatus(string status)
    {
        if (!enabled)
        {
            return;
        }

        lock (_gate)
        {
            writer.Write(ClearLine);
            writer.Write(status);
            writer.Flush();
            _status = status;
        }
    }

    public void Clear() => SetStatus("");
}
