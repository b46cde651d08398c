using System.Management.Automation;
using VisionPS.Core.Providers;

namespace VisionPS.Views;

/// <summary>The text the ProviderPreset table shows, as hidden CodeProperties (see <see cref="ImagePartView"/> for why C#).</summary>
public static class ProviderPresetView
{
    public static string? BaseUrlInView(PSObject instance) => Preset(instance) is { } preset
        ? string.IsNullOrEmpty(preset.BaseUrl) ? "(your own)" : preset.BaseUrl
        : null;

    public static string? QuirksInView(PSObject instance) => Preset(instance)?.Quirks.ToString();

    private static ProviderPreset? Preset(PSObject instance) => instance?.BaseObject as ProviderPreset;
}
