using Npgsql;

namespace InstantlySync.Storage;

internal static class Database
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "instantly-sync";
        if (!Mentions(connectionString, "maxautoprepare"))
        {
            // The upserter runs the same few statements for every batch: prepared once per
            // connection, they skip parsing and planning. A transaction pooler cannot keep
            // prepared statements, but the run lock already needs a session (see README).
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        return builder.Build();
    }

    /// <summary>Whether the connection string sets <paramref name="keyword"/> (compared without spaces or case).</summary>
    private static bool Mentions(string connectionString, string keyword)
        => new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>A one-line reason for a connection failure that never contains the password.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        PostgresException pg => pg.MessageText,
        NpgsqlException { InnerException: { } inner } => inner.Message,
        _ => exception.Message,
    };

    public static bool IsConnectionFailure(Exception exception)
        => exception is NpgsqlException { IsTransient: true }
            or NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException }
            or PostgresException { SqlState: "28P01" or "28000" or "3D000" or "57P03" };
}
