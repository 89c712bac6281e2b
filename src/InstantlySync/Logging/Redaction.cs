namespace InstantlySync.Logging;

/// <summary>
/// Last line of defence for secrets: every tier passes text through here. The API key and the
/// database password are registered once per process when settings are loaded.
/// </summary>
internal static class Redaction
{
    private static volatile string[] _secrets = [];
    private static readonly Lock Gate = new();

    public static void Register(string? secret)
    {
        // Very short values would redact ordinary words; real keys and passwords are longer.
        if (string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return;
        }

        lock (Gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                _secrets = [.. _secrets, secret, Uri.EscapeDataString(secret)];
            }
        }
    }

    public static string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
