using System.Globalization;
using InstantlySync.Report;

namespace InstantlySync.Tests.Report;

public sealed class StepRankingTests
{
    /// <summary>Steps as "campaign:step:variant:sent:replies:rate" (rate empty for null), comma separated.</summary>
    private static List<StepFigures> Steps(string spec) => spec.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part =>
    {
        var f = part.Split(':');
        return new StepFigures(f[0], f[1], f[2], long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture),
            f[5].Length == 0 ? null : decimal.Parse(f[5], CultureInfo.InvariantCulture));
    }).ToList();

    private static string Keys(IEnumerable<StepFigures> steps) => string.Join(",", steps.Select(s => $"{s.CampaignId}:{s.Step}:{s.Variant}"));

    public static TheoryData<string, string, string> Cases() => new()
    {
        // steps => best 3, worst 3
        {
            "a:0:0:100:5:5.0,b:0:0:100:3:3.0,c:0:0:100:1:1.0,d:0:0:100:0:0.0,e:0:0:100:2:2.0,f:0:0:100:4:4.0,g:0:0:0:0:",
            "a:0:0,f:0:0,b:0:0", "d:0:0,c:0:0,e:0:0"
        },
        // Equal rates: more sent first, in both lists.
        { "x:0:0:100:3:3.0,y:0:0:200:6:3.0,z:0:0:300:9:3.0,w:0:0:50:0:0.0,v:0:0:500:0:0.0", "z:0:0,y:0:0,x:0:0", "v:0:0,w:0:0" },
        // Equal rates and sent: campaign id, then step, then variant.
        { "b:0:0:100:2:2.0,a:1:0:100:2:2.0,a:0:1:100:2:2.0,a:0:0:100:2:2.0", "a:0:0,a:0:1,a:1:0", "b:0:0" },
        // Nothing sent ranks nowhere, whatever its replies.
        { "a:0:0:0:0:,b:0:0:0:2:", "", "" },
        // Fewer than six: the worst come only from what the best left.
        { "a:0:0:10:1:10.0,b:0:0:10:2:20.0,c:0:0:10:0:0.0,d:0:0:10:3:30.0", "d:0:0,b:0:0,a:0:0", "c:0:0" },
        { "a:0:0:10:1:10.0", "a:0:0", "" },
        // A rate the query left out is recomputed from replies and sent.
        { "a:0:0:100:3:,b:0:0:100:2:2.0,c:0:0:100:4:4.0,d:0:0:100:1:1.0", "c:0:0,a:0:0,b:0:0", "d:0:0" },
        // The input order does not matter.
        { "c:0:0:100:1:1.0,a:0:0:100:1:1.0,b:0:0:100:1:1.0", "a:0:0,b:0:0,c:0:0", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_best_and_worst_steps_are_ranked_by_reply_rate_then_sent_then_identity(string steps, string best, string worst)
    {
        var figures = Steps(steps);

        Assert.Equal((best, worst), (Keys(StepRanking.Best(figures, 3)), Keys(StepRanking.Worst(figures, 3))));
    }
}
