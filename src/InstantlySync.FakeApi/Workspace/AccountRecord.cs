namespace InstantlySync.FakeApi.Workspace;

internal sealed class AccountRecord
{
    public required string Email { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required long CreatedMs { get; init; }

    public required long UpdatedMs { get; set; }

    public required int Status { get; init; }

    public required int WarmupStatus { get; init; }

    public required int ProviderCode { get; init; }

    public required int WarmupScore { get; init; }

    public required int DailyLimit { get; init; }

    public required int SendingGap { get; init; }

    public required long WarmupStartMs { get; init; }

    public required int WarmupLimit { get; init; }

    public required string WarmupIncrement { get; init; }

    public required int WarmupReplyRate { get; init; }

    /// <summary>Optional: only some accounts have a custom tracking domain, and the API omits the field otherwise.</summary>
    public string? TrackingDomain { get; init; }

    public string Domain => Email[(Email.IndexOf('@', StringComparison.Ordinal) + 1)..];
}
