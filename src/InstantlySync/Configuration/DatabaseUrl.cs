using Npgsql;

namespace InstantlySync.Configuration;

/// <summary>
/// Turns DATABASE_URL into an Npgsql connection string. It accepts a <c>postgres://</c> or
/// <c>postgresql://</c> URL (as Supabase and Heroku hand it out) or an Npgsql connection string.
/// Error messages never repeat the value: it carries the password.
/// </summary>
internal static class DatabaseUrl
{
    public static bool TryParse(string value, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            error = "DATABASE_URL is empty";
            return false;
        }

        return trimmed.Contains("://", StringComparison.Ordinal)
            ? TryParseUrl(trimmed, out connectionString, out error)
            : TryParseConnectionString(trimmed, out connectionString, out error);
    }

    private static bool TryParseUrl(string value, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != "postgres" && uri.Scheme != "postgresql"))
        {
            error = "DATABASE_URL is not a valid postgres://user:password@host:port/database URL";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            error = "DATABASE_URL has no host";
            return false;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            error = "DATABASE_URL has no database name (the path after the host)";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = database,
        };

        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        foreach (var (key, raw) in QueryPairs(uri.Query))
        {
            if (!ApplyQueryParameter(builder, key, raw, out error))
            {
                return false;
            }
        }

        connectionString = builder.ConnectionString;
        return true;
    }

    private static bool ApplyQueryParameter(NpgsqlConnectionStringBuilder builder, string key, string value, out string error)
    {
        error = "";
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                if (!Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode))
                {
                    error = $"DATABASE_URL sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full";
                    return false;
                }

                builder.SslMode = mode;
                return true;
            case "sslrootcert":
                builder.RootCertificate = value;
                return true;
            case "connect_timeout":
                if (!int.TryParse(value, out var seconds) || seconds < 0)
                {
                    error = "DATABASE_URL connect_timeout must be a whole number of seconds";
                    return false;
                }

                builder.Timeout = seconds;
                return true;
            case "application_name":
                builder.ApplicationName = value;
                return true;
            case "options":
                builder.Options = value;
                return true;
            default:
                // Poolers add their own markers (Supabase: pgbouncer=true); they mean nothing to Npgsql.
                return true;
        }
    }

    private static IEnumerable<(string Key, string Value)> QueryPairs(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            yield return (key, value);
        }
    }

    private static bool TryParseConnectionString(string value, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "DATABASE_URL connection string has no Host";
                return false;
            }

            connectionString = builder.ConnectionString;
            return true;
        }
        catch (ArgumentException)
        {
            error = "DATABASE_URL is neither a postgres:// URL nor a valid connection string";
            return false;
        }
    }

    /// <summary>Host, port and database for display: never the user or password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
