using System.Text.RegularExpressions;

namespace InstantlySync.Configuration;

/// <summary>
/// One configured Instantly workspace: the name <c>--workspace</c> takes and how to reach it, with
/// its own key (<see cref="ApiKeyVariable"/>) or as a sub-workspace of the admin key in
/// <c>INSTANTLY_API_KEY</c> (<see cref="SubWorkspaceId"/>, sent as <c>x-as-workspace</c>).
/// </summary>
internal sealed partial record WorkspaceSettings(string Name, string? ApiKeyVariable = null, string? SubWorkspaceId = null)
{
    /// <summary>The workspace of a configuration without a <c>Workspaces</c> section.</summary>
    public const string DefaultName = "default";

    /// <summary>The key the requests carry (the admin key for a sub-workspace); never printed.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How <c>push</c> stocks this workspace's campaigns: its own <c>Push</c> section over the top-level one.</summary>
    public PushSettings Push { get; init; } = new();

    /// <summary>Where the key comes from, for messages: the variable's name, never its value.</summary>
    public string KeySource => ApiKeyVariable ?? SettingsLoader.ApiKeyVariable;

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static bool IsValidVariable(string name) => VariablePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9_-]{1,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariablePattern();
}
