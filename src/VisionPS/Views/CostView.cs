using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>The text the Cost table shows, as a hidden CodeProperty (see <see cref="ImagePartView"/> for why C#).</summary>
public static class CostView
{
    /// <summary>Up to six decimals: the default view would round 0.003313 to 0.00.</summary>
    public static string? AmountInView(PSObject instance) => instance?.BaseObject is Cost cost ? ViewText.Format("{0:0.######}", cost.Amount) : null;
}
