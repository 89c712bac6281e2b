using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using InstantlySync.Configuration;
using InstantlySync.Logging;
using Serilog;

namespace InstantlySync.Storage;

/// <summary>One forward-only SQL file from <c>migrations/</c>, named <c>NNNN_description.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Checksum, string Sql);

internal sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies pending migrations in version order, each in its own transaction, journaled in
/// <c>schema_migrations</c> with a checksum. A session advisory lock serialises concurrent
/// runners: the second waits, then finds nothing left to do.
/// </summary>
/// <remarks>
/// The modeled layer lives in a schema of the user's choosing (<c>Models:Schema</c>): migration files
/// write it as the placeholder <c>{{models_schema}}</c>, replaced here with the validated name before
/// a file runs. The checksum is taken over the file as written, so the same files verify against
/// any schema name; the name a database was built with is recorded in <c>sync_model_layer</c>, and
/// a runner configured with another one refuses to go on.
/// </remarks>
internal sealed partial class MigrationRunner(NpgsqlDataSource dataSource, string directory, ILogger logger, string modelsSchema = ModelsSettings.DefaultSchema)
{
    public const string SchemaPlaceholder = "{{models_schema}}";

    // Arbitrary but fixed: "InstSync" as bytes. Distinct from the sync run lock.
    private const long AdvisoryLockKey = 0x496E737453796E63;

    private readonly ILogger _logger = logger.ForContext<MigrationRunner>();

    public string Directory { get; } = directory;

    /// <summary>The migrations folder shipped next to the binary, else the nearest <c>migrations/</c> above the working directory.</summary>
    public static string DefaultDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "migrations");
        if (System.IO.Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "migrations");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return beside;
    }

    public IReadOnlyList<Migration> LoadFromDisk()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new MigrationException($"Migrations folder not found: {Directory}");
        }

        var migrations = new List<Migration>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.sql"))
        {
            var match = FileNamePattern().Match(Path.GetFileName(path));
            if (!match.Success)
            {
                throw new MigrationException($"Migration file name must look like 0001_description.sql: {Path.GetFileName(path)}");
            }

            // Line endings are normalised so a checkout with CRLF does not look like an edited migration.
            var sql = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, checksum, sql));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MigrationException($"Two migration files share version {duplicate.Key:0000}");
        }

        return migrations.OrderBy(m => m.Version).ToList();
    }

    /// <summary>Migrations not yet applied; throws when an applied file was changed or is missing.</summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await PendingAsync(connection, cancellationToken);
    }

    /// <summary>Applies every pending migration and returns what was applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(JournalDdl, cancellationToken: cancellationToken));
            var pending = await PendingAsync(connection, cancellationToken);
            foreach (var migration in pending)
            {
                await ApplyOneAsync(connection, migration, cancellationToken);
            }

            return pending;
        }
        finally
        {
            // The lock is released even when cancelled, so a later runner is never blocked.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<IReadOnlyList<Migration>> PendingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var onDisk = LoadFromDisk();
        var applied = await ReadJournalAsync(connection, cancellationToken);

        foreach (var (version, checksum) in applied)
        {
            var file = onDisk.FirstOrDefault(m => m.Version == version);
            if (file is null)
            {
                throw new MigrationException(
                    $"Migration {version:0000} is applied to the database but missing from {Directory}; this binary is older than the schema");
            }

            if (!string.Equals(file.Checksum, checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    $"Migration {version:0000}_{file.Name}.sql was changed after it was applied (checksum mismatch); add a new migration instead of editing an applied one");
            }
        }

        await CheckModelsSchemaAsync(connection, cancellationToken);
        return onDisk.Where(m => !applied.ContainsKey(m.Version)).ToList();
    }

    /// <summary>Refuses a <c>Models:Schema</c> other than the one the database's modeled layer was built in.</summary>
    private async Task CheckModelsSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var built = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('sync_model_layer') IS NOT NULL", cancellationToken: cancellationToken));
        var recorded = built
            ? await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT schema_name FROM sync_model_layer", cancellationToken: cancellationToken))
            : null;
        if (recorded is not null && !string.Equals(recorded, modelsSchema, StringComparison.Ordinal))
        {
            throw new MigrationException(
                $"Models:Schema is '{modelsSchema}', but this database's modeled layer was built in schema '{recorded}'; set Models:Schema to '{recorded}' (the setting cannot move an existing layer)");
        }
    }

    private static async Task<Dictionary<int, string>> ReadJournalAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: cancellationToken));
        if (!exists)
        {
            return [];
        }

        var rows = await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
            "SELECT version, checksum FROM schema_migrations", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Version, r => r.Checksum);
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                migration.Sql.Replace(SchemaPlaceholder, modelsSchema, StringComparison.Ordinal), transaction: transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex)
        {
            throw new MigrationException($"Migration {migration.Version:0000}_{migration.Name}.sql failed: {ex.MessageText}");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
            migration, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        _logger.Phase(LogPhases.Migrate).Information("Applied migration {Version:0000}_{Name}.sql", migration.Version, migration.Name);
    }

    private const string JournalDdl = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_\-]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
