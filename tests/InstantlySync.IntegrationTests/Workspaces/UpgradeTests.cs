using Dapper;
using InstantlySync.Cli;
using InstantlySync.FakeApi;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;

namespace InstantlySync.IntegrationTests.Workspaces;

/// <summary>
/// README, "Upgrading to workspaces": a database written by the release before workspaces
/// (migrations 0001-0009 and the data that release stored, in Fixtures/) upgrades in place. The
/// first run attributes every existing row to the configured workspace; with several configured,
/// sync refuses until <c>migrate --adopt NAME</c> names it. Nothing is lost, duplicated or fetched again.
/// </summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private static readonly string[] Tables =
        ["instantly_campaigns_raw", "instantly_accounts_raw", "instantly_daily_analytics_raw", "instantly_steps_raw", "instantly_emails_raw",
         "instantly_leads_raw", "sync_batches", "sync_state", "sync_dead_letters"];

    private readonly PostgresDatabase _database = new();
    private FakeInstantly _fake = null!;
    private string _logs = null!;
    private Dictionary<string, long> _before = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateEmptyAsync();
        var previous = Directory.CreateTempSubdirectory("isync-migrations-0009-").FullName;
        foreach (var file in Directory.GetFiles(PostgresDatabase.MigrationsDirectory, "*.sql").Where(f => string.CompareOrdinal(Path.GetFileName(f), "0010") < 0))
        {
            File.Copy(file, Path.Combine(previous, Path.GetFileName(file)));
        }

        await new MigrationRunner(_database.DataSource, previous, Serilog.Core.Logger.None).ApplyAsync(CancellationToken.None);
        Directory.Delete(previous, recursive: true);
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workspaces", "Fixtures", "single-workspace-0009.sql")));
        }

        _before = await CountsAsync();
        // The workspace the fixture was synced from, served again.
        _fake = await FakeInstantly.StartAsync(new FakeOptions
        {
            Seed = 11, Campaigns = 3, Accounts = 4, Leads = 150, Emails = 120, Days = 10, ApiKey = "legacy-key",
            Now = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), EmailsRequestsPerMinute = 600,
        });
        _logs = Directory.CreateTempSubdirectory("isync-upgrade-logs-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task The_first_run_attributes_every_existing_row_to_the_one_workspace_and_loses_and_duplicates_nothing()
    {
        Assert.True(_before["instantly_leads_raw"] == 150 && _before["sync_dead_letters"] == 1, string.Join(", ", _before));

        var result = await CliRun.RunAsync(Environment(), ["sync"]);

        Assert.True(result.ExitCode == ExitCodes.Success, result.All);
        Assert.Contains("ADOPT", result.All, StringComparison.Ordinal);
        var after = await CountsAsync();
        foreach (var table in Tables.Where(t => t != "sync_batches"))
        {
            Assert.True(after[table] == _before[table], $"{table}: {_before[table]} rows before, {after[table]} after");
        }

        Assert.Equal(_before["sync_batches"] + 1, after["sync_batches"]);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        foreach (var table in Tables)
        {
            Assert.Equal([_fake.Workspace.WorkspaceId], await connection.QueryAsync<string>($"SELECT DISTINCT workspace_id FROM {table}"));
        }

        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sync_logs WHERE workspace_id = ''"));
        Assert.Equal("legacy-bad-record", await connection.ExecuteScalarAsync<string>("SELECT record_key FROM sync_dead_letters"));
        Assert.Empty(await Oracle.DifferencesAsync(_fake, _database.DataSource, DateOnly.FromDateTime(_fake.Workspace.EarliestCampaignCreated.UtcDateTime), new DateOnly(2026, 11, 29)));
        // The stored watermarks held: the emails were read again only from the last one on.
        var fetched = await connection.ExecuteScalarAsync<long>(
            "SELECT (counts->'emails'->>'fetched')::bigint FROM sync_batches ORDER BY started_at DESC LIMIT 1");
        Assert.True(fetched < _before["instantly_emails_raw"], $"the first run after the upgrade fetched {fetched} emails again");
    }

    [Fact]
    public async Task With_several_workspaces_sync_refuses_until_migrate_adopt_names_the_one_the_rows_came_from()
    {
        var several = Environment();
        several["INSTANTLY_SYNC__Workspaces__0__Name"] = "acme";
        several["INSTANTLY_SYNC__Workspaces__0__ApiKeyVariable"] = "KEY_ACME";
        several["KEY_ACME"] = "legacy-key";
        several["INSTANTLY_SYNC__Workspaces__1__Name"] = "globex";
        several["INSTANTLY_SYNC__Workspaces__1__ApiKeyVariable"] = "KEY_GLOBEX";
        several["KEY_GLOBEX"] = "globex-key";

        var refused = await CliRun.RunAsync(several, ["sync", "--workspace", "acme"]);
        var untouched = await CountsAsync();
        var adopt = await CliRun.RunAsync(several, ["migrate", "--adopt", "acme"]);
        var sync = await CliRun.RunAsync(several, ["sync", "--workspace", "acme"]);

        Assert.Equal(ExitCodes.PreconditionFailed, refused.ExitCode);
        Assert.Contains("migrate --adopt NAME", refused.Error, StringComparison.Ordinal);
        Assert.Equal(_before, untouched);
        Assert.True(adopt.ExitCode == ExitCodes.Success, adopt.All);
        Assert.Contains($"to workspace acme ({_fake.Workspace.WorkspaceId})", adopt.Out, StringComparison.Ordinal);
        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(150, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM instantly_leads_raw WHERE workspace_id = @id", new { id = _fake.Workspace.WorkspaceId }));
        Assert.Equal(150, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM instantly_leads_raw"));
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["INSTANTLY_API_KEY"] = "legacy-key",
        ["DATABASE_URL"] = _database.Url,
        ["INSTANTLY_SYNC__Instantly__BaseUrl"] = _fake.BaseUrl,
        ["INSTANTLY_SYNC__Instantly__EmailsRequestsPerMinute"] = "600",
        ["INSTANTLY_SYNC__Logging__Directory"] = _logs,
    };

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        }

        return counts;
    }
}
