using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.IntegrationTests.Storage;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly string _migrations = Path.Combine(Path.GetTempPath(), $"isync-migrations-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        await _database.CreateEmptyAsync();
        Directory.CreateDirectory(_migrations);
        foreach (var file in Directory.EnumerateFiles(PostgresDatabase.MigrationsDirectory, "*.sql"))
        {
            File.Copy(file, Path.Combine(_migrations, Path.GetFileName(file)));
        }
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_migrations, recursive: true);
    }

    private MigrationRunner Runner() => new(_database.DataSource, _migrations, Serilog.Core.Logger.None);

    [Fact]
    public async Task Migrations_create_every_table_in_an_empty_database()
    {
        var applied = await Runner().ApplyAsync(CancellationToken.None);

        Assert.Equal(Directory.GetFiles(_migrations, "*.sql").Length, applied.Count);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).ToHashSet();
        string[] expected =
        [
            "instantly_campaigns_raw", "instantly_accounts_raw", "instantly_daily_analytics_raw", "instantly_steps_raw",
            "instantly_emails_raw", "instantly_leads_raw", "sync_batches", "sync_state", "sync_logs", "sync_dead_letters",
            "schema_migrations",
        ];
        Assert.All(expected, table => Assert.Contains(table, tables));
        var journal = await connection.QueryAsync<(int Version, string Name, string Checksum)>(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version");
        Assert.Equal(applied.Select(m => m.Version), journal.Select(j => j.Version));
        Assert.All(journal, j => Assert.Equal(64, j.Checksum.Length));
    }

    [Fact]
    public async Task A_second_run_applies_nothing_and_reports_no_pending_migrations()
    {
        await Runner().ApplyAsync(CancellationToken.None);

        var second = await Runner().ApplyAsync(CancellationToken.None);
        var pending = await Runner().PendingAsync(CancellationToken.None);

        Assert.Empty(second);
        Assert.Empty(pending);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_is_refused_with_its_name()
    {
        await Runner().ApplyAsync(CancellationToken.None);
        var edited = Directory.GetFiles(_migrations, "0003_*.sql").Single();
        await File.AppendAllTextAsync(edited, "\nCREATE INDEX sneaky_idx ON instantly_accounts_raw (first_name);\n");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync(CancellationToken.None));

        Assert.Contains(Path.GetFileName(edited), error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_indexes WHERE indexname = 'sneaky_idx'"));
    }

    [Fact]
    public async Task A_new_migration_file_is_applied_on_its_own_later()
    {
        await Runner().ApplyAsync(CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_migrations, "0099_extra_view.sql"),
            "CREATE VIEW extra_view AS SELECT email FROM instantly_accounts_raw;");

        var applied = await Runner().ApplyAsync(CancellationToken.None);

        Assert.Equal([99], applied.Select(m => m.Version));
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_journal_row_and_no_partial_objects()
    {
        await File.WriteAllTextAsync(Path.Combine(_migrations, "0098_broken.sql"),
            "CREATE TABLE half_made (id int); SELECT * FROM no_such_table;");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync(CancellationToken.None));

        Assert.Contains("0098_broken.sql", error.Message, StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT to_regclass('half_made')::text"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations WHERE version = 98"));
    }

    [Fact]
    public async Task Two_runners_started_together_apply_each_migration_exactly_once()
    {
        await using var otherSource = Database.Create(_database.ConnectionString);
        var first = Runner();
        var second = new MigrationRunner(otherSource, _migrations, Serilog.Core.Logger.None);

        var results = await Task.WhenAll(
            Task.Run(() => first.ApplyAsync(CancellationToken.None)),
            Task.Run(() => second.ApplyAsync(CancellationToken.None)));

        var total = Directory.GetFiles(_migrations, "*.sql").Length;
        Assert.Equal(total, results[0].Count + results[1].Count);
        Assert.Contains(results, r => r.Count == 0);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(total, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Daily_analytics_key_treats_the_workspace_total_as_one_row_per_day()
    {
        await Runner().ApplyAsync(CancellationToken.None);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        const string insert = "INSERT INTO instantly_daily_analytics_raw (workspace_id, analytics_date, instantly_campaign_id, raw_json) VALUES ('w1', '2026-06-30', NULL, '{}')";
        await connection.ExecuteAsync(insert);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(insert));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }
}
