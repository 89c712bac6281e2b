using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

/// <summary>
/// A session-level advisory lock held on a dedicated connection for the whole run. If the process
/// dies, PostgreSQL ends the session and the lock goes with it, so a killed run never blocks the next.
/// </summary>
internal sealed class RunLock : IAsyncDisposable
{
    // "ISyncRun" as bytes; distinct from the migration lock.
    private const long Key = 0x4953796E6352756E;

    private readonly NpgsqlConnection _connection;

    private RunLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Returns the lock, or null when another run holds it.</summary>
    public static async Task<RunLock?> TryAcquireAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_try_advisory_lock(@Key)", new { Key }, cancellationToken: cancellationToken));
        if (acquired)
        {
            return new RunLock(connection);
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key });
        }
        catch (NpgsqlException)
        {
            // The session is gone, and the lock with it.
        }

        await _connection.DisposeAsync();
    }
}
