namespace InstantlySync.Cli;

/// <summary>The process exit codes scripts rely on (SPEC section 2).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int PartialFailure = 1;
    public const int InvalidUsage = 2;
    public const int ConfigurationError = 3;
    public const int LockHeld = 4;
    public const int Cancelled = 130;
}
