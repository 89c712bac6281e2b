using static InstantlySync.Entities.Field;
using static InstantlySync.Entities.JsonFields;

namespace InstantlySync.Entities;

/// <summary>
/// A sending account from GET /accounts. The API has no account id; the email is the key.
/// Table: migrations/0003_accounts.sql.
/// </summary>
internal static class Accounts
{
    public static Entity Entity { get; } = new(
        "accounts", "account", "instantly_accounts_raw",
        [Text("email", a => RequireKey(a.Json, "email", "account"), nullable: false)],
        [
            Text("first_name", a => Text(a.Json, "first_name")),
            Text("last_name", a => Text(a.Json, "last_name")),
            Int("account_status", a => Int(a.Json, "status")),
            Int("warmup_status", a => Int(a.Json, "warmup_status")),
            Numeric("warmup_score", a => Decimal(a.Json, "stat_warmup_score")),
        ])
    {
        Reading = Reading.Listing,
        ImportKeys = [new("accounts")],
        KeyProperty = "email",
    };
}
