namespace InstantlySync.FakeApi.Workspace;

internal static class AccountGenerator
{
    private const long Day = ActivitySimulator.Day;

    private static readonly int[] ProviderCodes = [2, 2, 3, 1, 2, 3, 8];
    private static readonly string[] Increments = ["disabled", "0", "1", "2", "3", "4"];

    public static void Add(WorkspaceData data, int count, Random random, long historyStart)
    {
        var emails = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var first = Vocabulary.FirstNames[random.Next(Vocabulary.FirstNames.Length)];
            var last = Vocabulary.LastNames[random.Next(Vocabulary.LastNames.Length)];
            var domain = Vocabulary.SenderDomains[i % Vocabulary.SenderDomains.Length];
            var email = $"{first.ToLowerInvariant()}@{domain}";
            for (var n = 2; !emails.Add(email); n++)
            {
                email = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{(n == 2 ? "" : n)}@{domain}";
            }

            var created = historyStart - random.NextInt64(20 * Day, 90 * Day) + random.Next(0, 1000);
            data.Accounts.Add(new AccountRecord
            {
                Email = email,
                FirstName = first,
                LastName = last,
                CreatedMs = created,
                UpdatedMs = created + random.NextInt64(ActivitySimulator.Hour, 10 * Day),
                // Roughly one in nine accounts has a connection error, as real workspaces do.
                Status = i % 9 == 8 ? -1 : 1,
                WarmupStatus = i % 9 == 8 ? 0 : 1,
                ProviderCode = ProviderCodes[random.Next(ProviderCodes.Length)],
                WarmupScore = random.Next(80, 101),
                DailyLimit = random.Next(3, 8) * 10,
                SendingGap = random.Next(1, 16),
                WarmupStartMs = created + random.NextInt64(Day, 10 * Day),
                WarmupLimit = random.Next(1, 5) * 10,
                WarmupIncrement = Increments[random.Next(Increments.Length)],
                WarmupReplyRate = random.Next(2, 7) * 10,
                TrackingDomain = random.NextDouble() < 0.4 ? $"track.{domain}" : null,
            });
        }
    }
}
