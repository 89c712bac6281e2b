using System.Text.Json;
using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Json;

/// <summary>A sending account as <c>GET /accounts</c> lists it; credentials are never returned.</summary>
internal static class AccountJson
{
    public static void Write(Utf8JsonWriter writer, WorkspaceData data, AccountRecord account)
    {
        writer.WriteStartObject();
        writer.WriteString("email", account.Email);
        JsonFormat.Timestamp(writer, "timestamp_created", account.CreatedMs);
        JsonFormat.Timestamp(writer, "timestamp_updated", account.UpdatedMs);
        writer.WriteString("first_name", account.FirstName);
        writer.WriteString("last_name", account.LastName);
        writer.WriteString("organization", data.WorkspaceId);
        writer.WriteNumber("status", account.Status);
        writer.WriteNumber("warmup_status", account.WarmupStatus);
        writer.WriteNumber("provider_code", account.ProviderCode);
        writer.WriteBoolean("setup_pending", false);
        writer.WriteBoolean("is_managed_account", false);
        writer.WriteNumber("stat_warmup_score", account.WarmupScore);
        writer.WriteNumber("daily_limit", account.DailyLimit);
        writer.WriteNumber("sending_gap", account.SendingGap);
        JsonFormat.Timestamp(writer, "timestamp_warmup_start", account.WarmupStartMs);
        writer.WriteStartObject("warmup");
        writer.WriteNumber("limit", account.WarmupLimit);
        writer.WriteString("increment", account.WarmupIncrement);
        writer.WriteNumber("reply_rate", account.WarmupReplyRate);
        writer.WriteEndObject();
        if (account.TrackingDomain is { } trackingDomain)
        {
            writer.WriteString("tracking_domain_name", trackingDomain);
            writer.WriteNumber("tracking_domain_status", 1);
        }

        if (account.Status < 0)
        {
            writer.WriteStartObject("status_message");
            writer.WriteString("code", "EAUTH");
            writer.WriteString("e_message", "Invalid login: 535 Authentication failed");
            writer.WriteNumber("responseCode", 535);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
