using System.Management.Automation;
using VisionPS.Core.Providers;

namespace VisionPS.Views;

/// <summary>The text the ProviderProfile table shows, as hidden CodeProperties (see <see cref="ImagePartView"/> for why C#).</summary>
public static class ProviderProfileView
{
    public static string? IsDefaultInView(PSObject instance) => Profile(instance) is { } profile ? profile.IsDefault ? "*" : string.Empty : null;

    /// <summary>The model, or for Azure OpenAI the deployment that stands for it.</summary>
    public static string? ModelInView(PSObject instance) => Profile(instance) is { } profile
        ? string.IsNullOrEmpty(profile.Model) ? profile.Deployment : profile.Model
        : null;

    /// <summary>Where the key comes from (never the key).</summary>
    public static string? KeyInView(PSObject instance) => Profile(instance)?.Key.ToString();

    public static string? QuirksInView(PSObject instance) => Profile(instance)?.EffectiveQuirks.ToString();

    private static ProviderProfile? Profile(PSObject instance) => instance?.BaseObject as ProviderProfile;
}
