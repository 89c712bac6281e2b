namespace InstantlySync.FakeApi;

/// <summary>
/// The person behind a lead, as the fake generated it: what the modeled layer's rules should
/// recover from the lead however it writes them (see README, "People").
/// </summary>
/// <param name="Number">The same for every lead of the person, unique in the workspace.</param>
/// <param name="Email">The person's address, trimmed and lower-case; null for a lead without one.</param>
/// <param name="CompanyDomain">The company's domain; null for a free-mail person, who has no company.</param>
public sealed record FakePerson(int Number, string? Email, string? CompanyDomain);
