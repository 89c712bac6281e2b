using System.Text.Json;

namespace InstantlySync.FakeApi.Workspace;

/// <summary>
/// A lead as a client sent it in <c>POST /leads/add</c>: its contact fields and custom variables,
/// kept as given, since no generated vocabulary holds them.
/// </summary>
internal sealed class PushedLead
{
    /// <summary>The address as sent, trimmed.</summary>
    public required string Email { get; init; }

    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? CompanyName { get; init; }
    public string? Website { get; init; }
    public string? Phone { get; init; }
    public string? JobTitle { get; init; }
    public string? Personalization { get; init; }

    /// <summary>The <c>custom_variables</c> object as sent (values string, number, boolean or null).</summary>
    public required JsonElement CustomVariables { get; init; }

    /// <summary>The address's domain, lower-cased, as the API fills <c>company_domain</c> for an added lead.</summary>
    public string? Domain => Email.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? Email[(at + 1)..].ToLowerInvariant() : null;

    /// <summary>The custom variables into the lead's <c>payload</c>, as the API stores them.</summary>
    public void WriteCustomVariables(Utf8JsonWriter writer)
    {
        if (CustomVariables.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var variable in CustomVariables.EnumerateObject())
        {
            variable.WriteTo(writer);
        }
    }
}
