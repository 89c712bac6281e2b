using Dapper;
using Npgsql;

namespace InstantlySync.IntegrationTests.Modeling;

/// <summary>Reads the modeled layer the way the tests compare it: content, and which tuples exist.</summary>
public static class ModeledLayer
{
    public static readonly string[] Tables = ["companies", "leads", "campaigns", "campaign_leads", "events"];

    /// <summary>
    /// Every modeled table's rows, ordered, without the columns that say which run wrote them
    /// (transform_batch_id, transformed_at): what an incremental run and a full rebuild must agree on.
    /// </summary>
    public static async Task<Dictionary<string, List<string>>> ContentAsync(NpgsqlDataSource database, string schema = "outreach")
    {
        await using var connection = await database.OpenConnectionAsync();
        var content = new Dictionary<string, List<string>>();
        foreach (var table in Tables)
        {
            content[table] = (await connection.QueryAsync<string>(
                $"SELECT (to_jsonb(t) - 'transform_batch_id' - 'transformed_at')::text AS row FROM {schema}.{table} t ORDER BY 1")).ToList();
        }

        return content;
    }

    /// <summary>Each tuple's identity (ctid and xmin): any insert, update or delete changes the set.</summary>
    public static async Task<Dictionary<string, string>> TuplesAsync(NpgsqlDataSource database, string schema = "outreach")
    {
        await using var connection = await database.OpenConnectionAsync();
        var tuples = new Dictionary<string, string>();
        foreach (var table in Tables)
        {
            tuples[table] = await connection.ExecuteScalarAsync<string>(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(ctid::text || '/' || xmin::text, ',' ORDER BY ctid)), '') FROM {schema}.{table}") ?? "";
        }

        return tuples;
    }

    public static async Task<long> CountAsync(NpgsqlDataSource database, string sql, object? parameters = null)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>Empties the modeled layer and its watermarks, as before the first transform.</summary>
    public static async Task ClearAsync(NpgsqlDataSource database, string schema = "outreach")
    {
        await using var connection = await database.OpenConnectionAsync();
        await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", Tables.Select(t => $"{schema}.{t}"))}, sync_transform_state");
    }

    /// <summary>Where two contents differ, as readable lines.</summary>
    public static List<string> Differences(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual)
    {
        var differences = new List<string>();
        foreach (var table in Tables)
        {
            var missing = expected[table].Except(actual[table]).ToList();
            var extra = actual[table].Except(expected[table]).ToList();
            if (missing.Count > 0 || extra.Count > 0 || expected[table].Count != actual[table].Count)
            {
                differences.Add($"{table}: {expected[table].Count} rows expected, {actual[table].Count} found; "
                    + $"missing e.g. {missing.FirstOrDefault() ?? "-"}; unexpected e.g. {extra.FirstOrDefault() ?? "-"}");
            }
        }

        return differences;
    }
}
