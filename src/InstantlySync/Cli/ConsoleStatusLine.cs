using System.Text;

namespace InstantlySync.Cli;

/// <summary>
/// The console's last line as a live status (progress) that log lines scroll above. Disabled when
/// nobody watches a terminal (CI, cron), where only plain log lines are written.
/// </summary>
internal sealed class ConsoleStatusLine
{
    private const string ClearLine = "\r\u001b[2K";
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;
    private readonly bool _enabled;
    private string _status = "";

    public ConsoleStatusLine(TextWriter writer, bool enabled)
    {
        _writer = writer;
        _enabled = enabled;
        LogLines = new AboveStatus(this);
    }

    public bool Enabled => _enabled;

    /// <summary>A writer for the console log tier: what is written up to each flush appears above the status.</summary>
    public TextWriter LogLines { get; }

    public void WriteLine(string text)
    {
        lock (_gate)
        {
            if (_status.Length > 0)
            {
                _writer.Write(ClearLine);
            }

            _writer.Write(text);
            if (_status.Length > 0)
            {
                _writer.Write(_status);
            }

            _writer.Flush();
        }
    }

    public void SetStatus(string status)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _writer.Write(ClearLine);
            _writer.Write(status);
            _writer.Flush();
            _status = status;
        }
    }

    public void Clear() => SetStatus("");

    /// <summary>Collects a log line and hands it to <see cref="WriteLine"/> whole, so the status is redrawn once per line.</summary>
    private sealed class AboveStatus(ConsoleStatusLine line) : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _pending = new();

        public override Encoding Encoding => line._writer.Encoding;

        public override void Write(char value)
        {
            lock (_gate)
            {
                _pending.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                _pending.Append(value);
            }
        }

        public override void Flush()
        {
            string text;
            lock (_gate)
            {
                text = _pending.ToString();
                _pending.Clear();
            }

            if (text.Length > 0)
            {
                line.WriteLine(text);
            }
        }
    }
}
