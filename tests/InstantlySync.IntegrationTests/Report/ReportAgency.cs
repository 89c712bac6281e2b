using Dapper;
using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.IntegrationTests.Workspaces;

namespace InstantlySync.IntegrationTests.Report;

/// <summary>
/// Three synced and modeled workspaces shared by a test class that only reads them. One of acme's
/// campaigns is renamed in the raw table to a name longer than any terminal, then the modeled layer is
/// rebuilt, so the report sees it the way a sync would have brought it.
/// </summary>
public sealed class ReportAgency : IAsyncLifetime
{
    public const string LongName =
        "Q4 outbound — Dutch SaaS founders in Amsterdam, Rotterdam and Utrecht with 11-50 employees, follow-up sequence variant B (do not pause)";

    public PostgresDatabase Database { get; } = new();
    public AgencyHarness Agency { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Agency = await AgencyHarness.StartAsync(Database);
        var sync = await Agency.RunAsync("sync", "--all");
        Assert.True(sync.ExitCode == ExitCodes.Success, sync.All);

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var renamed = await connection.ExecuteAsync(
            """
            UPDATE instantly_campaigns_raw
               SET campaign_name = @name, raw_json = jsonb_set(raw_json, '{name}', to_jsonb(@name::text)), updated_at = now()
             WHERE (workspace_id, instantly_campaign_id) =
                   (SELECT c.workspace_id, c.instantly_campaign_id
                      FROM instantly_campaigns_raw c JOIN instantly_workspaces w USING (workspace_id)
                     WHERE w.name = 'acme' ORDER BY c.instantly_campaign_id LIMIT 1)
            """,
            new { name = LongName });
        Assert.Equal(1, renamed);
        var transform = await Agency.RunAsync("transform", "--full", "--workspace", "acme");
        Assert.True(transform.ExitCode == ExitCodes.Success, transform.All);
    }

    public Task<CliResult> ReportAsync(params string[] args) => Agency.RunAsync(["report", .. args]);

    public async Task DisposeAsync()
    {
        await Agency.DisposeAsync();
        await Database.DisposeAsync();
    }
}
