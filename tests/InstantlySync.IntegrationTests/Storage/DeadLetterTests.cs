using Dapper;
using InstantlySync.IntegrationTests.Infrastructure;
using InstantlySync.Storage;

namespace InstantlySync.IntegrationTests.Storage;

public sealed class DeadLetterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly DeadLetters _deadLetters = new(database.DataSource, "test-workspace");

    [Fact]
    public async Task A_json_payload_is_stored_as_json_and_anything_else_as_a_json_string()
    {
        var jsonKey = Guid.NewGuid().ToString();
        var textKey = Guid.NewGuid().ToString();

        await _deadLetters.RecordAsync(new DeadLetter(Guid.NewGuid(), "leads", jsonKey, null, "bad", """{"id":"x","status":-1}"""), default);
        await _deadLetters.RecordAsync(new DeadLetter(Guid.NewGuid(), "leads", textKey, 502, "Bad gateway", "<html>502</html>"), default);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(-1, await connection.QuerySingleAsync<int>(
            "SELECT (payload ->> 'status')::int FROM sync_dead_letters WHERE record_key = @jsonKey", new { jsonKey }));
        var text = await connection.QuerySingleAsync<(string Type, string Value, int Status)>(
            "SELECT jsonb_typeof(payload), payload #>> '{}', http_status FROM sync_dead_letters WHERE record_key = @textKey", new { textKey });
        Assert.Equal(("string", "<html>502</html>", 502), text);
    }

    [Fact]
    public async Task A_record_failing_again_bumps_its_open_letter_instead_of_adding_one()
    {
        var key = Guid.NewGuid().ToString();
        var second = Guid.NewGuid();

        await _deadLetters.RecordAsync(new DeadLetter(Guid.NewGuid(), "emails", key, null, "first error", "{}"), default);
        await _deadLetters.RecordAsync(new DeadLetter(second, "emails", key, null, "second error", "{}"), default);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var letter = await connection.QuerySingleAsync<(Guid Batch, string Error, int RetryCount)>(
            "SELECT batch_id, error, retry_count FROM sync_dead_letters WHERE entity = 'emails' AND record_key = @key", new { key });
        Assert.Equal((second, "second error", 1), letter);
    }

    [Fact]
    public async Task A_resolved_letter_is_not_reopened_by_a_new_failure()
    {
        var key = Guid.NewGuid().ToString();
        await _deadLetters.RecordAsync(new DeadLetter(Guid.NewGuid(), "accounts", key, null, "old", null), default);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE sync_dead_letters SET resolved_at = now() WHERE record_key = @key", new { key });

        await _deadLetters.RecordAsync(new DeadLetter(Guid.NewGuid(), "accounts", key, null, "new", null), default);

        var letters = await connection.QueryAsync<(string Error, bool Open)>(
            "SELECT error, resolved_at IS NULL FROM sync_dead_letters WHERE record_key = @key ORDER BY id", new { key });
        Assert.Equal([("old", false), ("new", true)], letters);
    }

    [Fact]
    public async Task Failed_requests_without_a_record_key_are_each_kept()
    {
        var batch = Guid.NewGuid();

        await _deadLetters.RecordAsync(new DeadLetter(batch, "steps", null, 500, "GET /campaigns/analytics/steps failed", null), default);
        await _deadLetters.RecordAsync(new DeadLetter(batch, "steps", null, 503, "GET /campaigns/analytics/steps failed", null), default);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.QuerySingleAsync<int>("SELECT count(*) FROM sync_dead_letters WHERE batch_id = @batch", new { batch }));
    }
}
