using Dapper;
using InstantlySync.Storage;
using Npgsql;

namespace InstantlySync.Modeling;

/// <summary>What one table got from a transform run.</summary>
internal sealed record TableCounts(string Table, long Inserted, long Updated, long Deleted)
{
    public long Written => Inserted + Updated + Deleted;
}

/// <summary>What a transform run read (raw rows past the watermarks) and wrote (per modeled table).</summary>
internal sealed record TransformCounts(long LeadsRead, long EmailsRead, long CampaignsRead, IReadOnlyList<TableCounts> Tables);

/// <summary>
/// The modeled layer of one workspace brought up to date with its raw tables, set-based inside
/// PostgreSQL (no row passes through this process), in one transaction with the watermarks it
/// moves: a run that is killed or fails leaves the layer and its watermarks as they were.
/// Order matters: the changed leads are staged first (stg_leads, where the persons' and companies'
/// other leads are found), the affected persons and companies are read before campaign_leads
/// changes (it holds the email and company each changed lead had), then persons, then companies
/// (lead_count counts persons).
/// </summary>
internal static class Transform
{
    public const string SchemaPlaceholder = MigrationRunner.SchemaPlaceholder;

    /// <summary>The modeled tables, in the order they are written.</summary>
    public static IReadOnlyList<Model> Models { get; } = [CampaignLeads.Model, People.Model, Companies.Model, Campaigns.Model, Events.Model];

    /// <param name="full">Re-derive from every raw row of the workspace instead of those past the watermarks.</param>
    /// <param name="dryRun">Compute and count everything, then roll back.</param>
    public static async Task<TransformCounts> ApplyAsync(
        NpgsqlDataSource dataSource, string schema, string workspaceId, Guid batchId, bool full, bool dryRun, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { workspace_id = workspaceId, batch_id = batchId, full };
        CommandDefinition Command(string sql) => new(
            sql.Replace(SchemaPlaceholder, schema, StringComparison.Ordinal), parameters, transaction,
            // A full rebuild of a large workspace runs for minutes; cancellation comes from the token.
            commandTimeout: 0, cancellationToken: cancellationToken);

        // A rebuild (--full, or a first run: no leads watermark) rewrites the tables wholesale, and the
        // planner still sees them as they were, often empty: the statements after it, and the next
        // incremental run if autovacuum has not got there yet, then pick nested loops over hundreds of
        // thousands of rows (seconds instead of milliseconds). So a rebuild analyzes what it wrote.
        // Not a dry run: ANALYZE writes a table's size into pg_class in place, which no rollback undoes.
        var rebuild = !dryRun && (full || !await connection.ExecuteScalarAsync<bool>(Command(TransformScope.HasLeadsWatermark)));
        async Task MaterializeAsync(Model model)
        {
            await connection.ExecuteAsync(Command(model.Materialize()));
            if (rebuild)
            {
                await connection.ExecuteAsync(Command($"ANALYZE {SchemaPlaceholder}.{model.Table}"));
            }
        }

        await connection.ExecuteAsync(Command(TransformScope.Changed));
        await MaterializeAsync(StagedLeads.Model);
        await connection.ExecuteAsync(Command(TransformScope.AffectedEmails));
        await connection.ExecuteAsync(Command(TransformScope.AffectedDomains));
        foreach (var model in Models)
        {
            await MaterializeAsync(model);
        }

        await connection.ExecuteAsync(Command(TransformScope.Watermarks));
        TransformCounts counts;
        await using (var grid = await connection.QueryMultipleAsync(Command(TransformScope.Counts)))
        {
            var (leads, emails, campaigns) = await grid.ReadSingleAsync<(long, long, long)>();
            var tables = (await grid.ReadAsync<(string Table, long Inserted, long Updated, long Deleted)>())
                .ToDictionary(t => t.Table);
            counts = new TransformCounts(leads, emails, campaigns,
                Models.Select(m => tables[m.Table]).Select(t => new TableCounts(t.Table, t.Inserted, t.Updated, t.Deleted)).ToList());
        }

        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return counts;
    }
}
