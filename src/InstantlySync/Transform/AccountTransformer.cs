using System.Text.Json;
using static InstantlySync.Transform.JsonFields;

namespace InstantlySync.Transform;

/// <summary>A sending account from GET /accounts. The API has no account id; the email is the key.</summary>
internal static class AccountTransformer
{
    public static RawRow Transform(JsonElement account)
    {
        RequireObject(account, "account");
        var email = RequireKey(account, "email", "account");
        object?[] extracted =
        [
            Text(account, "first_name"),
            Text(account, "last_name"),
            Int(account, "status"),
            Int(account, "warmup_status"),
            Decimal(account, "stat_warmup_score"),
        ];
        return new RawRow([email], extracted, account.GetRawText());
    }
}
