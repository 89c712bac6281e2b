using InstantlySync.Cli;
using InstantlySync.IntegrationTests.Infrastructure;

namespace InstantlySync.IntegrationTests.Reliability;

/// <summary>
/// README, "Commands" and "Configuration": bad flags are refused with one line and exit 2, broken settings with
/// exit 3, both before any network or database work: no batch row, no table touched, no log file.
/// </summary>
[Collection(ReliabilitySuite.Name)]
[Trait("Category", "Reliability")]
public sealed class BadInputTests(ReliabilityReport report, PostgresDatabase database) : IAsyncLifetime, IClassFixture<PostgresDatabase>
{
    // One database for the class: none of these runs may change it, which each test checks.
    private readonly PostgresDatabase _database = database;
    private SyncHarness _harness = null!;
    private string _before = "";
    private string _logs = null!;

    public async Task InitializeAsync()
    {
        _harness = await SyncHarness.StartAsync(_database, ReliabilityChecks.Workspace());
        _logs = Path.Combine(Path.GetTempPath(), $"isync-badinput-{Guid.NewGuid():N}");
        _harness.ExtraEnvironment["INSTANTLY_SYNC__Logging__Directory"] = _logs;
        _before = await _harness.FingerprintAsync();
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }

    [Theory]
    [InlineData("conflicting modes --all --from", "--all", "--from", "2024-01-01")]
    [InlineData("conflicting modes --all --last", "--all", "--last", "7d")]
    [InlineData("conflicting modes --from --rollback", "--from", "2024-01-01", "--rollback", "2024-01-02")]
    [InlineData("conflicting modes --last --rollback", "--last", "7d", "--rollback", "2024-01-02")]
    [InlineData("impossible date 2024-02-30", "--from", "2024-02-30")]
    [InlineData("impossible month 2024-13-01", "--from", "2024-13-01")]
    [InlineData("date not in YYYY-MM-DD", "--from", "01/02/2024")]
    [InlineData("--to before --from", "--from", "2024-01-10", "--to", "2024-01-05")]
    [InlineData("--to without --from or --last", "--to", "2024-01-05")]
    [InlineData("--to impossible date", "--from", "2024-01-01", "--to", "2024-01-32")]
    [InlineData("--from in the future", "--from", "2999-01-01")]
    [InlineData("--rollback in the future", "--rollback", "2999-01-01")]
    [InlineData("--rollback not a date", "--rollback", "yesterday")]
    [InlineData("--last 0d", "--last", "0d")]
    [InlineData("--last 7x", "--last", "7x")]
    [InlineData("--last without a number", "--last", "d")]
    [InlineData("--last beyond 20 years", "--last", "300m")]
    [InlineData("unknown entity", "--entities", "leads,bogus")]
    [InlineData("empty entity list", "--entities", ",,")]
    [InlineData("batch size 0", "--batch-size", "0")]
    [InlineData("batch size 100000", "--batch-size", "100000")]
    [InlineData("batch size not a number", "--batch-size", "many")]
    [InlineData("--max-duration without a unit", "--max-duration", "45")]
    [InlineData("--max-duration in days", "--max-duration", "2d")]
    [InlineData("--max-duration of zero", "--max-duration", "0m")]
    [InlineData("--max-duration beyond a week", "--max-duration", "200h")]
    [InlineData("unknown option", "--fulll")]
    [InlineData("stray argument", "now")]
    public async Task Flag_misuse_exits_2_with_one_line_and_touches_nothing(string scenario, params string[] flags)
    {
        var result = await _harness.SyncAsync(flags);

        Assert.Equal(ExitCodes.InvalidUsage, result.ExitCode);
        Assert.Equal("", result.Out);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("instantly-sync: ", line, StringComparison.Ordinal);
        await AssertNothingTouchedAsync();
        report.Record(new ScenarioResult(ReliabilityGroups.BadFlags, $"{scenario}: {string.Join(' ', flags)}", 1, 0, 0, [result.ExitCode], true, line.Trim()));
    }

    [Theory]
    [InlineData("bad JSON in the --config file", "config", """{ "Sync": { "BatchSize": 50, } ,, }""", "not valid JSON")]
    [InlineData("--config file holds an array", "config", "[1, 2]", "must contain a JSON object")]
    [InlineData("--config file does not exist", "missing-config", "", "Settings file not found")]
    [InlineData("unknown key in the --config file, with a typo hint", "config", """{ "Instantly": { "PageSzie": 50 } }""", "did you mean 'Instantly:PageSize'")]
    [InlineData("unknown key in the environment, with a typo hint", "INSTANTLY_SYNC__Sync__BatchSise", "50", "did you mean 'Sync:BatchSize'")]
    [InlineData("time budget not a duration", "INSTANTLY_SYNC__Sync__MaxDuration", "2 hours", "Sync:MaxDuration must be a duration")]
    [InlineData("page size out of range", "INSTANTLY_SYNC__Instantly__PageSize", "500", "Instantly:PageSize must be a whole number")]
    [InlineData("base URL not http(s)", "INSTANTLY_SYNC__Instantly__BaseUrl", "ftp://example.com/api/v2", "Instantly:BaseUrl must be an absolute http(s) URL")]
    [InlineData("malformed DATABASE_URL (port)", "DATABASE_URL", "postgres://user:secret@localhost:notaport/db", "DATABASE_URL")]
    [InlineData("DATABASE_URL of another database", "DATABASE_URL", "mysql://user:secret@localhost:3306/db", "DATABASE_URL")]
    [InlineData("DATABASE_URL without a database name", "DATABASE_URL", "postgres://user:secret@localhost:5432/", "no database name")]
    [InlineData("DATABASE_URL missing", "DATABASE_URL", null, "DATABASE_URL is not set")]
    [InlineData("INSTANTLY_API_KEY missing", "INSTANTLY_API_KEY", null, "INSTANTLY_API_KEY is not set")]
    public async Task Broken_settings_exit_3_and_touch_nothing(string scenario, string what, string? value, string expected)
    {
        var args = new List<string> { "sync" };
        if (what is "config" or "missing-config")
        {
            var file = Path.Combine(Path.GetTempPath(), $"isync-settings-{Guid.NewGuid():N}.json");
            if (what == "config")
            {
                await File.WriteAllTextAsync(file, value);
            }

            args.AddRange(["--config", file]);
        }
        else
        {
            _harness.ExtraEnvironment[what] = value;
        }

        var result = await _harness.RunAsync([.. args]);

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Fake.ApiKey, result.All, StringComparison.Ordinal);
        await AssertNothingTouchedAsync();
        report.Record(new ScenarioResult(ReliabilityGroups.BadSettings, scenario, 1, 0, 0, [result.ExitCode], true,
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim()));
    }

    [Fact]
    public async Task An_unreachable_database_exits_3_without_hanging()
    {
        _harness.ExtraEnvironment["DATABASE_URL"] = "postgres://postgres:secret@127.0.0.1:1/isync";

        var result = await _harness.SyncAsync();

        Assert.Equal(ExitCodes.PreconditionFailed, result.ExitCode);
        Assert.Contains("cannot reach the database", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.All, StringComparison.Ordinal);
        Assert.Equal(_before, await _harness.FingerprintAsync());
        report.Record(new ScenarioResult(ReliabilityGroups.BadSettings, "database unreachable (connection refused)", 1, 0, 0, [result.ExitCode], true,
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim()));
    }

    private async Task AssertNothingTouchedAsync()
    {
        Assert.Equal(_before, await _harness.FingerprintAsync());
        Assert.False(Directory.Exists(_logs), "a log directory was created");
        Assert.Equal(0, _harness.Fake.Stats.Requests);
    }
}
