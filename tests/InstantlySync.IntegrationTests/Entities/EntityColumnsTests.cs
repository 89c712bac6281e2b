using Dapper;
using InstantlySync.Entities;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;
using NpgsqlTypes;

namespace InstantlySync.IntegrationTests.Entities;

/// <summary>
/// Each entity's declared columns against the table its migration creates, read from a database
/// the production migration runner built: a column renamed, retyped or added on one side only fails here.
/// </summary>
public sealed class EntityColumnsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    /// <summary>Columns every raw table has besides the entity's own; the upserter writes them itself.</summary>
    private static readonly string[] Bookkeeping = ["workspace_id", "raw_json", "raw_hash", "sync_batch_id", "synced_at", "created_at", "updated_at"];

    /// <summary>The surrogate key of tables whose natural key is a UNIQUE constraint rather than the primary key.</summary>
    private const string SurrogateId = "id";

    public static TheoryData<string> Entities() => [.. EntityCatalog.Names];

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task Declared_columns_are_the_migrated_table_columns_with_their_types(string name)
    {
        Assert.True(EntityCatalog.TryFind(name, out var entity));
        var migrated = await ColumnsAsync(entity.Table.Name);

        var declared = entity.Table.Columns.Select(c => (c.Name, Type: TypeName(c.Type))).ToList();
        var stored = migrated.Where(c => !Bookkeeping.Contains(c.Name) && c.Name != SurrogateId).Select(c => (c.Name, c.Type)).ToList();
        Assert.Equal(declared.OrderBy(c => c.Name), stored.OrderBy(c => c.Name));
        Assert.Equal(Bookkeeping.Order(), migrated.Where(c => Bookkeeping.Contains(c.Name)).Select(c => c.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task The_workspace_and_the_declared_key_are_a_unique_or_primary_key_of_the_table_in_order(string name)
    {
        Assert.True(EntityCatalog.TryFind(name, out var entity));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var keys = (await connection.QueryAsync<string>(
            """
            SELECT string_agg(a.attname, ',' ORDER BY k.ord)
              FROM pg_constraint c
              CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             WHERE c.conrelid = @table::regclass AND c.contype IN ('u', 'p')
             GROUP BY c.oid
            """, new { table = entity.Table.Name })).ToList();

        Assert.Contains(string.Join(',', entity.Table.Key.Select(c => c.Name).Prepend("workspace_id")), keys);
    }

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task Key_columns_declared_not_null_are_not_null_in_the_table(string name)
    {
        Assert.True(EntityCatalog.TryFind(name, out var entity));
        var migrated = (await ColumnsAsync(entity.Table.Name)).ToDictionary(c => c.Name, c => c.Nullable);

        Assert.All(entity.Table.Key, key => Assert.Equal(key.Nullable, migrated[key.Name]));
    }

    private async Task<List<(string Name, string Type, bool Nullable)>> ColumnsAsync(string table)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Name, string Type, string Nullable)>(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table",
            new { table });
        var columns = rows.Select(r => (r.Name, r.Type, r.Nullable == "YES")).ToList();
        Assert.NotEmpty(columns);
        return columns;
    }

    private static string TypeName(NpgsqlDbType type) => UpserterSql.TypeName(type) switch
    {
        "timestamptz" => "timestamp with time zone",
        var name => name,
    };
}
