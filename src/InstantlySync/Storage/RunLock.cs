using Dapper;
using Npgsql;

namespace InstantlySync.Storage;

/// <summary>
/// A workspace's run lock: a session-level advisory lock held on a dedicated connection for the
/// whole run. If the process dies, PostgreSQL ends the session and the lock goes with it, so a
/// killed run never blocks the next. Each workspace has its own, so runs of different workspaces
/// (from any process or machine) proceed side by side.
/// </summary>
/// <remarks>
/// The two-key form keeps these locks apart from the migration lock (one bigint key): the first
/// key says "a run", the second is the workspace id's hash. Two workspace ids with the same hash
/// (one chance in four billion) would only wait for each other.
/// </remarks>
internal sealed class RunLock : IAsyncDisposable
{
    // "ISyR" as bytes.
    private const int Kind = 0x49537952;

    private readonly NpgsqlConnection _connection;
    private readonly string _workspaceId;

    private RunLock(NpgsqlConnection connection, string workspaceId)
    {
        _connection = connection;
        _workspaceId = workspaceId;
    }

    /// <summary>Returns the workspace's lock, or null when another run of it holds it.</summary>
    public static async Task<RunLock?> TryAcquireAsync(NpgsqlDataSource dataSource, string workspaceId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_try_advisory_lock(@Kind, hashtext(@workspaceId))", new { Kind, workspaceId }, cancellationToken: cancellationToken));
        if (acquired)
        {
            return new RunLock(connection, workspaceId);
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@Kind, hashtext(@workspaceId))", new { Kind, workspaceId = _workspaceId });
        }
        catch (NpgsqlException)
        {
            // The session is gone, and the lock with it.
        }

        await _connection.DisposeAsync();
    }
}
