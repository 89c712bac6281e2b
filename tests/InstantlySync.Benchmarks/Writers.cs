using System.Text.Json.Nodes;
using InstantlySync.Storage;
using InstantlySync.Entities;
using Npgsql;
using NpgsqlTypes;

namespace InstantlySync.Benchmarks;

/// <summary>
/// The three ways of getting lead rows into <c>instantly_leads_raw</c> that the upsert benchmark
/// compares: the product's <see cref="Upserter"/>, binary COPY (the ceiling: PostgreSQL taking
/// rows with nothing else to do) and the naive per-row design the upserter replaced.
/// </summary>
internal static class Writers
{
    /// <summary>The workspace every benchmark row belongs to.</summary>
    public const string Workspace = "bench-workspace";

    private const string Columns =
        "workspace_id, instantly_lead_id, instantly_campaign_id, email, first_name, last_name, lead_status, status, timestamp_updated, raw_json, sync_batch_id";

    /// <summary>Binary COPY straight into the indexed raw table: no staging, no conflict handling, no merge.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<RawRow> rows, Guid batchId, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY instantly_leads_raw ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(Workspace, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((string)row.Key[0]!, NpgsqlDbType.Text, cancellationToken);
            for (var i = 0; i < 4; i++)
            {
                await WriteTextAsync(importer, row.Extracted[i], cancellationToken);
            }

            if (row.Extracted[4] is int leadStatus)
            {
                await importer.WriteAsync(leadStatus, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await WriteTextAsync(importer, row.Extracted[5], cancellationToken);
            if (row.Extracted[6] is DateTimeOffset updated)
            {
                await importer.WriteAsync(updated.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(row.RawJson, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(batchId, NpgsqlDbType.Uuid, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// The earlier design, per row: read the stored JSON, merge in the application (incoming
    /// top-level keys win, as <c>stored || incoming</c>), then one <c>INSERT … ON CONFLICT DO UPDATE</c>.
    /// Every row is written, as that design did; one transaction per batch.
    /// </summary>
    public static async Task NaiveAsync(NpgsqlDataSource dataSource, IReadOnlyList<RawRow> rows, Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var row in rows)
        {
            string? stored;
            await using (var select = new NpgsqlCommand("SELECT raw_json::text FROM instantly_leads_raw WHERE workspace_id = $1 AND instantly_lead_id = $2", connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = Workspace });
                select.Parameters.Add(new NpgsqlParameter { Value = row.Key[0] });
                stored = (string?)await select.ExecuteScalarAsync(cancellationToken);
            }

            await using var upsert = new NpgsqlCommand(
                $"""
                INSERT INTO instantly_leads_raw ({Columns}, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, now())
                ON CONFLICT (workspace_id, instantly_lead_id) DO UPDATE SET
                    instantly_campaign_id = EXCLUDED.instantly_campaign_id, email = EXCLUDED.email, first_name = EXCLUDED.first_name,
                    last_name = EXCLUDED.last_name, lead_status = EXCLUDED.lead_status, status = EXCLUDED.status,
                    timestamp_updated = EXCLUDED.timestamp_updated, raw_json = EXCLUDED.raw_json,
                    sync_batch_id = EXCLUDED.sync_batch_id, synced_at = EXCLUDED.synced_at, updated_at = now()
                """, connection, transaction);
            upsert.Parameters.Add(new NpgsqlParameter { Value = Workspace });
            upsert.Parameters.Add(new NpgsqlParameter { Value = row.Key[0] });
            foreach (var value in row.Extracted)
            {
                upsert.Parameters.Add(new NpgsqlParameter { Value = value is DateTimeOffset time ? time.ToUniversalTime() : value ?? DBNull.Value });
            }

            upsert.Parameters.Add(new NpgsqlParameter { Value = stored is null ? row.RawJson : Merge(stored, row.RawJson) });
            upsert.Parameters.Add(new NpgsqlParameter { Value = batchId });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Merge(string stored, string incoming)
    {
        var merged = JsonNode.Parse(stored)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(incoming)!.AsObject())
        {
            merged[name] = value?.DeepClone();
        }

        return merged.ToJsonString();
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken)
        => value is string text ? importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
