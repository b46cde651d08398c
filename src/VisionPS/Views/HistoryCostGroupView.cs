using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>The text the HistoryCostGroup table shows, as hidden CodeProperties (see <see cref="ImagePartView"/> for why C#).</summary>
public static class HistoryCostGroupView
{
    /// <summary>The group's name cut from the left: a model id (-GroupBy Model) can outgrow the column.</summary>
    public static string? NameInView(PSObject instance) => ViewText.TrimLeft(Group(instance)?.Name, 22);

    public static string? RequestsInView(PSObject instance) => Group(instance) is { } group ? ViewText.Format("{0:N0}", group.Requests) : null;

    public static string? FromCacheInView(PSObject instance) => Group(instance) is { } group ? ViewText.Format("{0:N0}", group.FromCache) : null;

    public static string? PromptTokensInView(PSObject instance) => Group(instance) is { } group ? ViewText.Format("{0:N0}", group.PromptTokens) : null;

    public static string? CompletionTokensInView(PSObject instance) => Group(instance) is { } group ? ViewText.Format("{0:N0}", group.CompletionTokens) : null;

    public static string? CostInView(PSObject instance) => Group(instance)?.Cost is { } cost ? ViewText.Format("{0:0.######} {1}", cost, Group(instance)!.Currency) : null;

    private static HistoryCostGroup? Group(PSObject instance) => instance?.BaseObject as HistoryCostGroup;
}
