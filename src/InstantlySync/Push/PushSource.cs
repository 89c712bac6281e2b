using InstantlySync.Configuration;
using Npgsql;

namespace InstantlySync.Push;

/// <summary>
/// The user's lead pool (<c>Push:SourceView</c>) as the push reads it: checked before anything is
/// sent — the relation exists, it has a column <c>email</c>, and every segment's <c>Where</c> is
/// valid SQL over it (PostgreSQL plans it with EXPLAIN, which runs nothing).
/// </summary>
internal sealed record PushSource(string View, bool Ordered)
{
    /// <summary>The view's name quoted part by part, safe in SQL text (the settings allow lower-case identifiers only).</summary>
    public string Quoted => string.Join('.', View.Split('.').Select(part => $"\"{part}\""));

    /// <summary>The source, or the one-line reason it cannot be used (exit 3).</summary>
    public static async Task<(PushSource? Source, string? Problem)> CheckAsync(
        NpgsqlConnection connection, PushSettings push, string settingsPath, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("""
            SELECT c.relkind::text,
                   EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'email' AND a.attnum > 0 AND NOT a.attisdropped),
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ~* '\morder\s+by\M' ELSE false END
              FROM pg_class c WHERE c.oid = to_regclass($1)
            """, connection))
        {
            exists.Parameters.AddWithValue(push.SourceView);
            await using var reader = await exists.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (null, $"{settingsPath}:SourceView: {push.SourceView} does not exist; create the view (or table) of candidates with a column email");
            }

            if (!reader.GetBoolean(1))
            {
                return (null, $"{settingsPath}:SourceView: {push.SourceView} has no column email");
            }

            var source = new PushSource(push.SourceView, reader.GetBoolean(2));
            await reader.CloseAsync();
            if (push.Segments.Count == 0)
            {
                return (null, $"{settingsPath}:Segments is empty: name at least one segment and its campaign");
            }

            for (var i = 0; i < push.Segments.Count; i++)
            {
                if (push.Segments[i].Where is not { } where)
                {
                    continue;
                }

                await using var explain = new NpgsqlCommand($"EXPLAIN SELECT 1 FROM {source.Quoted} AS pool WHERE ({where})", connection);
                try
                {
                    await explain.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex)
                {
                    return (null, $"{settingsPath}:Segments:{i} ({push.Segments[i].Name}): Where is not valid SQL over {push.SourceView}: {ex.MessageText}");
                }
            }

            return (source, null);
        }
    }
}
