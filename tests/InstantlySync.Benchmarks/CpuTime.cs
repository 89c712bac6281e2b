using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace InstantlySync.Benchmarks;

/// <summary>CPU seconds (user + system) one run cost each process that took part in it.</summary>
/// <param name="Cli">The CLI process, from the kernel's account of reaped children.</param>
/// <param name="Postgres">The PostgreSQL server that holds the database, every process of it; null when it is not on this machine.</param>
/// <param name="FakeApi">The fake API process.</param>
internal sealed record CpuSeconds(double Cli, double? Postgres, double FakeApi)
{
    public double Total => Cli + (Postgres ?? 0) + FakeApi;
}

/// <summary>
/// Reads CPU time from <c>/proc</c>: a process's own (utime + stime) and, for the PostgreSQL
/// server, that of the backends it has already reaped (cutime + cstime of the postmaster), so a
/// connection that closed during the run still counts.
/// </summary>
internal static partial class CpuTime
{
    private const int ChildrenOfThisProcess = -1;
    private const int ClockTicksName = 2;

    private static readonly double TicksPerSecond = Sysconf(ClockTicksName) is var ticks and > 0 ? ticks : 100;

    /// <summary>CPU seconds of the children this process has waited for, so far.</summary>
    public static double ReapedChildren()
    {
        if (GetRusage(ChildrenOfThisProcess, out var usage) != 0)
        {
            return 0;
        }

        return usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
    }

    /// <summary>utime + stime of one live process, or 0 when it is gone.</summary>
    public static double OfProcess(int pid) => Fields(pid) is { } f ? (f[11] + f[12]) / TicksPerSecond : 0;

    /// <summary>
    /// The postmaster's PID when the server runs on this machine (its data directory readable
    /// here), else null: then the server's CPU is not measured.
    /// </summary>
    public static async Task<int?> PostmasterAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SHOW data_directory");
            var directory = (string?)await command.ExecuteScalarAsync(cancellationToken);
            var pidFile = Path.Combine(directory ?? "", "postmaster.pid");
            if (!File.Exists(pidFile))
            {
                return null;
            }

            var pid = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
            return Fields(pid) is null ? null : pid;
        }
        catch (Exception e) when (e is PostgresException or IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Every process of the server: the postmaster with what it reaped, and its live children.</summary>
    public static double OfServer(int postmaster)
    {
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) || Fields(pid) is not { } f)
            {
                continue;
            }

            if (pid == postmaster || (long)f[1] == postmaster)
            {
                total += f[11] + f[12] + f[13] + f[14];
            }
        }

        return total / TicksPerSecond;
    }

    /// <summary>
    /// The numeric fields of <c>/proc/PID/stat</c> after the command name, from field 3 (state
    /// reads as 0): [1] is the parent, [11] utime, [12] stime, [13] cutime, [14] cstime.
    /// </summary>
    private static double[]? Fields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces or parentheses itself.
        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return rest.Select(v => double.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;

        // maxrss … nivcsw: fourteen longs the kernel fills and this reader does not use.
        public long Rest0, Rest1, Rest2, Rest3, Rest4, Rest5, Rest6, Rest7, Rest8, Rest9, Rest10, Rest11, Rest12, Rest13;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}
