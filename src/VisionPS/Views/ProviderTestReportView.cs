using System.Management.Automation;
using VisionPS.Core.Providers;

namespace VisionPS.Views;

/// <summary>The text the ProviderTestReport list shows, as hidden CodeProperties (see <see cref="ImagePartView"/> for why C#).</summary>
public static class ProviderTestReportView
{
    /// <summary>One probe a line.</summary>
    public static string? ProbesInView(PSObject instance) => Report(instance) is { } report ? string.Join(Environment.NewLine, report.Probes) : null;

    public static string? LearnedInView(PSObject instance) => Report(instance)?.Learned.ToString();

    private static ProviderTestReport? Report(PSObject instance) => instance?.BaseObject as ProviderTestReport;
}
