using Dapper;
using InstantlySync.Configuration;
using InstantlySync.Entities;
using Npgsql;

namespace InstantlySync.Workspaces;

/// <summary>
/// Read access for database roles other than the product's own, one workspace at a time. Every
/// product table has row level security with no policy, so such a role sees nothing; a grant gives
/// it SELECT on the workspace-keyed tables plus one policy per table admitting the rows of exactly
/// the workspaces it was granted (kept in <c>sync_grants</c>, so tables added later get the same).
/// It never gets a write privilege, and any it held on product tables is taken away: row level
/// security stops INSERT, UPDATE and DELETE without a policy, but not TRUNCATE.
/// </summary>
/// <remarks>
/// The modeled layer's views read the raw tables with the reader's rights (security_invoker), so the
/// policies on the raw tables are what limit them: a granted role gets SELECT on the views and USAGE
/// on the modeled schema, and no policy of their own is needed.
/// </remarks>
internal sealed class ReadAccess(NpgsqlDataSource dataSource, string modelsSchema = ModelsSettings.DefaultSchema)
{
    /// <summary>The modeled layer's tables (README, "The modeled layer"), each with workspace_id.</summary>
    public static IReadOnlyList<string> ModeledTables { get; } = ["companies", "leads", "campaigns", "campaign_leads", "events", "dnc"];

    /// <summary>The modeled layer's views.</summary>
    public static IReadOnlyList<string> ModeledViews { get; } = ["campaign_daily", "step_performance"];

    /// <summary>The tables a granted role reads: the raw tables, the workspaces themselves and the modeled tables.</summary>
    public IReadOnlyList<string> Tables { get; } =
        [.. EntityCatalog.All.Select(e => e.Table.Name), "instantly_workspaces", .. ModeledTables.Select(t => $"{modelsSchema}.{t}")];

    private IReadOnlyList<string> Views => ModeledViews.Select(v => $"{modelsSchema}.{v}").ToList();

    public async Task<bool> RoleExistsAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", new { role }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds the workspaces to the role's grant and rewrites its policies; returns every workspace id it may now read.</summary>
    public async Task<IReadOnlyList<string>> GrantAsync(string role, IReadOnlyCollection<string> workspaceIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sync_grants (role_name, workspace_id) SELECT @role, unnest(@ids) ON CONFLICT DO NOTHING",
            new { role, ids = workspaceIds.ToArray() }, transaction, cancellationToken: cancellationToken));
        var granted = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT workspace_id FROM sync_grants WHERE role_name = @role ORDER BY workspace_id", new { role }, transaction, cancellationToken: cancellationToken))).ToList();

        var quotedRole = Quote(role);
        var list = string.Join(", ", granted.Select(Literal));
        foreach (var table in Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {quotedRole};
                GRANT SELECT ON {table} TO {quotedRole};
                DROP POLICY IF EXISTS {PolicyName(role)} ON {table};
                CREATE POLICY {PolicyName(role)} ON {table} AS PERMISSIVE FOR SELECT TO {quotedRole} USING (workspace_id IN ({list}));
                """, transaction: transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"GRANT USAGE ON SCHEMA {modelsSchema} TO {quotedRole}; GRANT SELECT ON {string.Join(", ", Views)} TO {quotedRole}",
            transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return granted;
    }

    /// <summary>Takes every grant of the role back: its policies, its SELECT, its rows in <c>sync_grants</c>. Returns how many workspaces it had.</summary>
    public async Task<int> RevokeAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var had = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sync_grants WHERE role_name = @role", new { role }, transaction, cancellationToken: cancellationToken));
        foreach (var table in Tables)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                DROP POLICY IF EXISTS {PolicyName(role)} ON {table};
                REVOKE SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {Quote(role)};
                """, transaction: transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"REVOKE SELECT ON {string.Join(", ", Views)} FROM {Quote(role)}; REVOKE USAGE ON SCHEMA {modelsSchema} FROM {Quote(role)}",
            transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return had;
    }

    /// <summary>One policy per role and table, named after the role (quoted: role names may hold anything; PostgreSQL keeps 63 bytes).</summary>
    private static string PolicyName(string role) => Quote($"instantly_sync_read_{role}");

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
