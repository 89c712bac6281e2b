namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// Builds a workspace from a seed and sizes. Each part draws from its own seeded generator, so
/// changing the number of leads does not reshuffle the campaigns or accounts.
/// </summary>
internal static class WorkspaceGenerator
{
    private const long Day = ActivitySimulator.Day;
    private const long Hour = ActivitySimulator.Hour;

    // Mostly active campaigns, with one paused, one completed and one draft (which never sends).
    private static readonly int[] StatusPattern = [1, 1, 2, 1, 3, 1, 0, 1];

    public static WorkspaceData Generate(FakeOptions options, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var historyStart = nowMs - (options.Days * Day);
        var random = new Random(options.Seed);

        // Drawn even when another id is served, so nothing after it depends on the workspace's id.
        var seededId = Id128.Version4(random);
        var data = new WorkspaceData
        {
            Seed = options.Seed,
            WorkspaceId = options.ResolveWorkspaceId(seededId),
            OwnerId = Id128.Version4(random).ToString(),
            WorkspaceName = options.Name ?? "Zyndix Outreach",
            WorkspaceCreatedMs = historyStart - (120 * Day) + 33_544,
            ListIds = [Id128.Version4(random).ToString(), Id128.Version4(random).ToString()],
            NowMs = nowMs,
            CompanyCount = Math.Max(4, options.Leads / 5),
            UploadedContactsLimit = options.UploadedContactsLimit ?? options.Leads + 25_000,
        };

        AccountGenerator.Add(data, options.Accounts, new Random(unchecked(options.Seed + 1)), historyStart);
        AddCampaigns(data, options.Campaigns, new Random(unchecked(options.Seed + 2)), historyStart, nowMs, options.Days);
        LeadGenerator.Add(data, options.Leads, new Random(unchecked(options.Seed + 3)), historyStart, nowMs);
        SimulateHistory(data, options.Emails, new Random(unchecked(options.Seed + 4)), nowMs);
        data.Reindex();
        return data;
    }

    private static void AddCampaigns(WorkspaceData data, int count, Random random, long historyStart, long nowMs, int days)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var status = data.Accounts.Count == 0 ? 0 : StatusPattern[i % StatusPattern.Length];
            var created = i == 0
                ? historyStart - (10 * Day)
                : historyStart - (10 * Day) + random.NextInt64(0, Math.Max(1, days * Day * 6 / 10));
            if (status == 0)
            {
                created = nowMs - random.NextInt64(Day, 5 * Day);
            }

            created += random.Next(0, 1000);
            var name = $"{Vocabulary.Segments[random.Next(Vocabulary.Segments.Length)]} – {Vocabulary.Regions[random.Next(Vocabulary.Regions.Length)]}";
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{name.Split(" #")[0]} #{n}";
            }

            var id = Id128.Version4(random);
            data.Campaigns.Add(new CampaignRecord
            {
                Index = i,
                Id = id,
                IdText = id.ToString(),
                Name = name,
                Status = status,
                CreatedMs = created,
                UpdatedMs = Math.Min(nowMs - 1, created + random.NextInt64(Hour, 3 * Day)),
                AccountIndexes = PickAccounts(data.Accounts.Count, random),
                Steps = Sequence(random),
                DailyLimit = random.Next(3, 11) * 10,
                OpenTracking = random.NextDouble() < 0.8,
                LinkTracking = random.NextDouble() < 0.5,
                IsEvergreen = random.NextDouble() < 0.2,
                Timezone = Vocabulary.Timezones[random.Next(Vocabulary.Timezones.Length)],
                PlValue = random.Next(2, 21) * 50,
            });
        }
    }

    private static int[] PickAccounts(int accountCount, Random random)
    {
        if (accountCount == 0)
        {
            return [];
        }

        var all = Enumerable.Range(0, accountCount).ToArray();
        random.Shuffle(all);
        var picked = all[..Math.Min(accountCount, random.Next(1, 4))];
        Array.Sort(picked);
        return picked;
    }

    private static SequenceStep[] Sequence(Random random)
    {
        var steps = new SequenceStep[random.Next(2, 5)];
        for (var s = 0; s < steps.Length; s++)
        {
            var variants = s == 0 ? random.Next(1, 4) : 1;
            steps[s] = new SequenceStep(
                random.Next(2, 5),
                [.. Enumerable.Range(0, variants).Select(v => Variant(s, v, random))]);
        }

        return steps;
    }

    private static SequenceVariant Variant(int step, int variant, Random random)
    {
        // An empty subject on a follow-up keeps the thread going with the opening subject.
        var subject = step == 0 ? Vocabulary.OpeningSubjects[random.Next(Vocabulary.OpeningSubjects.Length)] : "";
        var body = step == 0
            ? "Hi {{firstName}},<br/><br/>Teams like {{companyName}} cut onboarding time in half with Zyndix. Worth a short call?<br/><br/>{{sendingAccountFirstName}}"
            : $"Hi {{{{firstName}}}},<br/>Following up on my note (#{step + 1}). Any thoughts?";
        return new SequenceVariant(subject, body, Disabled: variant == 2);
    }

    private static void SimulateHistory(WorkspaceData data, int targetEmails, Random random, long nowMs)
    {
        var queue = data.Leads
            .Where(l => l.Sendable && data.Campaign(l.CampaignIndex) is { Sends: true, AccountIndexes.Length: > 0 })
            .ToArray();
        random.Shuffle(queue);
        var simulator = new ActivitySimulator(data, random);
        foreach (var lead in queue)
        {
            if (simulator.EmailsCreated >= targetEmails)
            {
                break;
            }

            var start = lead.CreatedMs + random.NextInt64(Hour, 48 * Hour);
            if (start < nowMs)
            {
                simulator.Start(lead, start, nowMs);
            }
        }

        data.InProgress.RemoveAll(l => l.Status != 1 || l.NextDueMs == 0);
        foreach (var lead in data.InProgress)
        {
            // Steps due within the next day already sit in the Unibox as scheduled emails.
            if (lead.NextDueMs - nowMs < Day && random.NextDouble() < 0.3)
            {
                simulator.AddScheduled(lead, Math.Min(nowMs, Math.Max(lead.LastStepMs + 1000, nowMs - random.NextInt64(Hour, 6 * Hour))));
            }
        }

        data.Uncontacted.AddRange(queue.Where(l => !l.Contacted));
    }
}
