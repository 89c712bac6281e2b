using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using Npgsql;

namespace InstantlySync.IntegrationTests.Workspaces;

/// <summary>
/// README, "Isolation": row level security on every product table. A role granted workspaces
/// reads exactly their rows and cannot write; a role granted nothing (Supabase's anon, which holds
/// ALL on every table in public) reads nothing and cannot write either.
/// </summary>
public sealed class ReadAccessTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly string _reporting = $"isync_reporting_{Guid.NewGuid():N}"[..28];
    private readonly string _anon = $"isync_anon_{Guid.NewGuid():N}"[..24];
    private AgencyHarness _agency = null!;

    public async Task InitializeAsync()
    {
        // Like Supabase: the anonymous role gets ALL on every table created in public, migrations' included.
        await _database.CreateEmptyAsync();
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"CREATE ROLE {_reporting} NOLOGIN; CREATE ROLE {_anon} NOLOGIN");
            await connection.ExecuteAsync($"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO {_anon}");
        }

        _agency = await AgencyHarness.StartAsync(_database);
        var sync = await _agency.RunAsync("sync", "--all");
        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
    }

    public async Task DisposeAsync()
    {
        await _agency.DisposeAsync();
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"DROP OWNED BY {_reporting}, {_anon}");
        }

        await _database.DisposeAsync();
        await using var server = await PostgresDatabase.OpenServerAsync();
        await server.ExecuteAsync($"DROP ROLE IF EXISTS {_reporting}; DROP ROLE IF EXISTS {_anon}");
    }

    [Fact]
    public async Task A_granted_role_reads_exactly_its_workspaces_rows_and_cannot_write()
    {
        var grant = await _agency.RunAsync("grant", _reporting, "--workspace", "acme,initech");

        Assert.True(grant.ExitCode == ExitCodes.Success, grant.All);
        var ids = new[] { _agency.Fake.For("acme").WorkspaceId, _agency.Fake.For("initech").WorkspaceId };
        foreach (var table in RawTables)
        {
            var seen = await AsRoleAsync(_reporting, c => c.QueryAsync<string>($"SELECT DISTINCT workspace_id FROM {table}"));
            Assert.Equal(ids.Order(), seen.Order());
            Assert.Equal(await CountAsync(table, ids), await AsRoleAsync(_reporting, c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}")));
        }

        Assert.Equal(0, await VisibleRowsAsync(_reporting, "sync_batches"));
        Assert.Equal(0, await VisibleRowsAsync(_reporting, "sync_grants"));
        await AssertCannotWriteAsync(_reporting);
    }

    [Fact]
    public async Task A_granted_role_reads_its_workspaces_modeled_rows_and_views_only_and_cannot_write_them()
    {
        var grant = await _agency.RunAsync("grant", _reporting, "--workspace", "acme,initech");

        Assert.True(grant.ExitCode == ExitCodes.Success, grant.All);
        var ids = new[] { _agency.Fake.For("acme").WorkspaceId, _agency.Fake.For("initech").WorkspaceId };
        foreach (var relation in ModeledRelations)
        {
            var seen = await AsRoleAsync(_reporting, c => c.QueryAsync<string>($"SELECT DISTINCT workspace_id FROM {relation}"));
            Assert.Equal(ids.Order(), seen.Order());
            Assert.Equal(await CountAsync(relation, ids), await AsRoleAsync(_reporting, c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {relation}")));
        }

        foreach (var statement in new[] { "DELETE FROM outreach.leads", "UPDATE outreach.companies SET lead_count = 0", "TRUNCATE outreach.events" })
        {
            try
            {
                Assert.Equal(0, await AsRoleAsync(_reporting, c => c.ExecuteAsync(statement)));
            }
            catch (PostgresException ex)
            {
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
            }
        }

        Assert.Equal(0, await VisibleRowsAsync(_anon, "outreach.leads"));
        Assert.Equal(0, await VisibleRowsAsync(_anon, "outreach.campaign_daily"));
    }

    [Fact]
    public async Task An_ungranted_role_like_supabase_anon_reads_nothing_from_any_product_table_and_cannot_write()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).ToList();
        Assert.Contains("instantly_leads_raw", tables);
        Assert.All(tables, t => Assert.True(connection.ExecuteScalar<bool>("SELECT relrowsecurity FROM pg_class WHERE oid = @t::regclass", new { t }), $"{t} has no row level security"));

        foreach (var table in tables)
        {
            Assert.Equal(0, await VisibleRowsAsync(_anon, table));
        }

        await AssertCannotWriteAsync(_anon);
    }

    [Fact]
    public async Task Revoke_takes_everything_back_and_a_missing_role_exits_3()
    {
        Assert.Equal(ExitCodes.Success, (await _agency.RunAsync("grant", _reporting, "--workspace", "globex")).ExitCode);
        Assert.True(await AsRoleAsync(_reporting, c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw")) > 0);

        var revoke = await _agency.RunAsync("revoke", _reporting);
        var missing = await _agency.RunAsync("grant", "no_such_role_isync", "--workspace", "acme");

        Assert.True(revoke.ExitCode == ExitCodes.Success, revoke.All);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => AsRoleAsync(_reporting, c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw")));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        Assert.Equal(ExitCodes.PreconditionFailed, missing.ExitCode);
        Assert.Contains("'no_such_role_isync' does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_fails_a_connection_whose_role_does_not_own_the_tables_and_passes_the_owner()
    {
        const string Password = "doctor-row-access";
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"ALTER ROLE {_reporting} LOGIN PASSWORD '{Password}'; GRANT ALL ON ALL TABLES IN SCHEMA public TO {_reporting}");
        }

        var owner = await _agency.RunAsync("doctor");
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        _agency.ExtraEnvironment["DATABASE_URL"] = $"postgres://{_reporting}:{Password}@{builder.Host}:{builder.Port}/{_database.Name}";
        var other = await _agency.RunAsync("doctor");

        Assert.Contains("[ OK ] Row access:", owner.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.PreconditionFailed, other.ExitCode);
        Assert.Contains($"[FAIL] Row access: the tables belong to", other.Out, StringComparison.Ordinal);
        Assert.Contains($"row level security hides every row from {_reporting}", other.Out, StringComparison.Ordinal);
    }

    /// <summary>Every modeled table with rows after a sync (dnc is filled by push), and both views.</summary>
    private static readonly string[] ModeledRelations =
        ["outreach.companies", "outreach.leads", "outreach.campaigns", "outreach.campaign_leads", "outreach.events", "outreach.campaign_daily", "outreach.step_performance"];

    private static readonly string[] RawTables =
        ["instantly_campaigns_raw", "instantly_accounts_raw", "instantly_daily_analytics_raw", "instantly_steps_raw", "instantly_emails_raw", "instantly_leads_raw"];

    private async Task AssertCannotWriteAsync(string role)
    {
        foreach (var statement in new[]
        {
            "UPDATE instantly_leads_raw SET email = 'x@example.com'",
            "DELETE FROM instantly_campaigns_raw",
            "INSERT INTO instantly_accounts_raw (workspace_id, email, raw_json) VALUES ('w', 'a@example.com', '{}')",
            "TRUNCATE instantly_emails_raw",
        })
        {
            try
            {
                var changed = await AsRoleAsync(role, c => c.ExecuteAsync(statement));
                Assert.True(changed == 0, $"{role} changed {changed} rows with: {statement}");
            }
            catch (PostgresException ex)
            {
                Assert.Contains(ex.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, "42501" });
            }
        }

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_emails_raw") > 0);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw WHERE email = 'x@example.com'"));
    }

    /// <summary>The rows of <paramref name="table"/> the role sees; none when it may not read the table at all.</summary>
    private async Task<long> VisibleRowsAsync(string role, string table)
    {
        try
        {
            return await AsRoleAsync(role, c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return 0;
        }
    }

    private async Task<long> CountAsync(string table, string[] ids)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE workspace_id = ANY(@ids)", new { ids });
    }

    /// <summary>Runs a query as <paramref name="role"/> (SET ROLE in a transaction that is rolled back).</summary>
    private async Task<T> AsRoleAsync<T>(string role, Func<NpgsqlConnection, Task<T>> query)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync($"SET LOCAL ROLE {role}");
        try
        {
            return await query(connection);
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }
}
