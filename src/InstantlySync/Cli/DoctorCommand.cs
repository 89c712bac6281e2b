using System.CommandLine;
using System.Text.Json;
using Dapper;
using InstantlySync.Api;
using InstantlySync.Configuration;
using InstantlySync.Storage;
using InstantlySync.Workspaces;
using Npgsql;

namespace InstantlySync.Cli;

/// <summary>
/// <c>instantly-sync doctor</c>: a checklist of everything a sync needs, each line OK or a
/// failure with the fix. Exit 0 when all pass, 3 otherwise.
/// </summary>
internal static class DoctorCommand
{
    private sealed record Check(bool Ok, string Name, string Detail, string? Fix = null);

    public static Command Create(CliContext context)
    {
        var command = new Command("doctor", "Check settings, each workspace's API key, database, schema and log directory");
        command.Options.Add(CommonOptions.Workspace);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var checks = new List<Check>();
        var loaded = SettingsLoader.Load(parseResult.GetValue(CommonOptions.Config), context.Environment,
            SettingsOverrides.None, SettingsNeeds.None, context.WorkingDirectory);
        checks.Add(loaded.Errors.Count == 0
            ? new Check(true, "Settings", "valid")
            : new Check(false, "Settings", string.Join("; ", loaded.Errors), "correct the values named above in appsettings.json or INSTANTLY_SYNC__* variables"));

        var settings = loaded.Settings;
        if (settings is not null)
        {
            var workspaces = await CommandSetup.SelectWorkspacesAsync(parseResult, context, settings);
            if (workspaces is null)
            {
                return ExitCodes.InvalidUsage;
            }

            foreach (var workspace in workspaces)
            {
                checks.Add(await CheckApiAsync(settings, workspace, several: settings.Workspaces.Count > 1, context, cancellationToken));
            }

            checks.AddRange(await CheckDatabaseAsync(settings, cancellationToken));
            checks.Add(CheckLogDirectory(settings, context));
        }

        foreach (var check in checks)
        {
            await context.Out.WriteLineAsync($"[{(check.Ok ? " OK " : "FAIL")}] {check.Name}: {check.Detail}");
            if (!check.Ok && check.Fix is not null)
            {
                await context.Out.WriteLineAsync($"       fix: {check.Fix}");
            }
        }

        var failed = checks.Count(c => !c.Ok);
        await context.Out.WriteLineAsync(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
        return failed == 0 ? ExitCodes.Success : ExitCodes.PreconditionFailed;
    }

    /// <param name="several">Several workspaces are configured: each check names its workspace.</param>
    private static async Task<Check> CheckApiAsync(Settings settings, WorkspaceSettings configured, bool several, CliContext context, CancellationToken cancellationToken)
    {
        var check = several ? $"API key of {configured.Name}" : "API key";
        if (configured.ApiKey is null)
        {
            return new Check(false, check, $"{configured.KeySource} is not set",
                $"create a key under Instantly > Settings > Integrations > API Keys (scopes: all:read) and export {configured.KeySource}");
        }

        // A checklist should answer quickly: a couple of retries at most.
        var instantly = settings.Instantly with { MaxRetries = Math.Min(settings.Instantly.MaxRetries, 2), TimeoutSeconds = Math.Min(settings.Instantly.TimeoutSeconds, 30) };
        using var client = InstantlyClient.Create(instantly, configured.ApiKey, context.Time, Serilog.Core.Logger.None, asWorkspace: configured.SubWorkspaceId);
        try
        {
            var workspace = await client.GetCurrentWorkspaceAsync(cancellationToken);
            var name = workspace.ValueKind == JsonValueKind.Object && workspace.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : "(unnamed)";
            return new Check(true, check, $"accepted by {instantly.BaseUrl} (workspace \"{name}\"{(configured.SubWorkspaceId is null ? "" : ", through the admin key")})");
        }
        catch (InstantlyApiException ex)
        {
            var fix = (ex.Kind, ex.StatusCode) switch
            {
                (ApiFailureKind.Authentication, 401) => "the key is missing, mistyped or revoked: create a new one under Settings > Integrations > API Keys",
                (ApiFailureKind.Authentication, 402) => "the workspace has no active paid plan: API v2 needs a paid Instantly plan",
                (ApiFailureKind.FirewallBlocked, _) => "Cloudflare in front of the API blocked this client (error 1010); check proxies and that requests leave with the InstantlySync User-Agent",
                (ApiFailureKind.Forbidden, _) => "the key lacks a scope: give it workspaces:read (or all:read) plus the read scopes of every entity",
                (ApiFailureKind.RetriesExhausted, null) => $"{instantly.BaseUrl} cannot be reached: check Instantly:BaseUrl, DNS, proxies and the network",
                _ => "see the message; Instantly's status page may show an outage",
            };
            return new Check(false, check, ex.Message, configured.SubWorkspaceId is not null && ex.StatusCode == 403
                ? $"the admin key in {SettingsLoader.ApiKeyVariable} does not reach sub-workspace {configured.SubWorkspaceId}; 'instantly-sync workspaces --discover' lists the ones it does"
                : fix);
        }
    }

    /// <summary>
    /// Row level security hides every row from a role that neither owns the tables nor bypasses
    /// it: a sync run as such a role would see an empty database and fail to write.
    /// </summary>
    private static async Task<Check> CheckRowAccessAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var (role, bypasses, foreignOwner) = await connection.QuerySingleAsync<(string, bool, string?)>(new CommandDefinition(
            """
            SELECT current_user::text,
                   (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user),
                   (SELECT tableowner::text FROM pg_tables
                     WHERE schemaname = current_schema() AND tablename = ANY(@tables) AND tableowner <> current_user LIMIT 1)
            """, new { tables = WorkspaceStore.AttributedTables.ToArray() }, cancellationToken: cancellationToken));
        return foreignOwner is null || bypasses
            ? new Check(true, "Row access", foreignOwner is null ? $"{role} owns the tables" : $"{role} bypasses row level security")
            : new Check(false, "Row access", $"the tables belong to {foreignOwner}, not {role}: row level security hides every row from {role}",
                $"connect as {foreignOwner} (the role that ran the migrations), or ALTER ROLE {role} BYPASSRLS");
    }

    private static async Task<IEnumerable<Check>> CheckDatabaseAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.ConnectionString is null)
        {
            return [new Check(false, "Database", $"{SettingsLoader.DatabaseUrlVariable} is not set",
                "export DATABASE_URL=postgres://user:password@host:5432/database (Supabase: Project Settings > Database > Connection string)")];
        }

        var where = DatabaseUrl.Describe(settings.ConnectionString);
        await using var dataSource = Database.Create(settings.ConnectionString);
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                await using var command = new NpgsqlCommand("SHOW server_version", connection);
                var version = await command.ExecuteScalarAsync(cancellationToken);
                var checks = new List<Check> { new(true, "Database", $"reachable at {where} (PostgreSQL {version})") };
                if (!Version.TryParse(version?.ToString()?.Split(' ')[0], out var parsed) || parsed.Major < 15)
                {
                    checks.Add(new Check(false, "Database version", $"PostgreSQL {version} is older than 15", "use PostgreSQL 15 or newer (the keys use NULLS NOT DISTINCT)"));
                }

                var runner = new MigrationRunner(dataSource, MigrationRunner.DefaultDirectory(), Serilog.Core.Logger.None, settings.Models.Schema);
                try
                {
                    var pending = await runner.PendingAsync(cancellationToken);
                    checks.Add(pending.Count == 0
                        ? new Check(true, "Schema", "up to date")
                        : new Check(false, "Schema", $"{pending.Count} pending migration(s): {string.Join(", ", pending.Select(p => $"{p.Version:0000}_{p.Name}"))}",
                            settings.Sync.AutoMigrate ? "run 'instantly-sync migrate' (sync also applies them, as Sync:AutoMigrate is true)" : "run 'instantly-sync migrate'"));
                }
                catch (MigrationException ex)
                {
                    checks.Add(new Check(false, "Schema", ex.Message, "restore the migration files this database was built with"));
                }

                checks.Add(await CheckRowAccessAsync(connection, cancellationToken));
                return checks;
            }
        }
        catch (NpgsqlException ex)
        {
            return [new Check(false, "Database", $"cannot connect to {where}: {Database.Describe(ex)}",
                "check DATABASE_URL (host, port, user, password, sslmode) and that the server accepts connections from here")];
        }
    }

    private static Check CheckLogDirectory(Settings settings, CliContext context)
    {
        var directory = Path.GetFullPath(settings.Logging.Directory, context.WorkingDirectory);
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".doctor-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return new Check(true, "Log directory", $"{directory} is writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Check(false, "Log directory", $"{directory} is not writable: {ex.Message}", "set Logging:Directory to a writable folder");
        }
    }
}
