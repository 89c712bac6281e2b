using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Cli;

public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.CreateEmptyAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private Dictionary<string, string?> Environment() => new() { ["DATABASE_URL"] = _database.Url };

    [Fact]
    public async Task Migrate_dry_run_lists_pending_files_and_changes_nothing()
    {
        var result = await CliRun.RunAsync(Environment(), ["migrate", "--dry-run"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("0001_sync_bookkeeping.sql", result.Out, StringComparison.Ordinal);
        Assert.Contains("0007_leads.sql", result.Out, StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT to_regclass('schema_migrations')::text"));
    }

    [Fact]
    public async Task Migrate_applies_everything_once_and_is_a_no_op_the_second_time()
    {
        var first = await CliRun.RunAsync(Environment(), ["migrate"]);
        var second = await CliRun.RunAsync(Environment(), ["migrate"]);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Contains("Applied 0007_leads.sql", first.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains("up to date", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Applied 0", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_with_a_wrong_password_exits_3_without_printing_it()
    {
        var wrong = _database.Url.Replace(":instantly-local@", ":Wr0ng-S3cret!@", StringComparison.Ordinal);
        var environment = new Dictionary<string, string?> { ["DATABASE_URL"] = wrong };

        var result = await CliRun.RunAsync(environment, ["migrate"]);

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("password authentication failed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-S3cret!", result.All, StringComparison.Ordinal);
    }
}
