using System.Globalization;
using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to VisionModel as CodeProperties: the Price and Limits headings and, hidden,
/// the text the table shows (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class VisionModelView
{
    public static string? Price(PSObject instance) => Model(instance) is { InputPrice: { } input } model
        ? ViewText.Format("{0}/{1} {2} per 1M", input, model.OutputPrice, model.Currency)
        : null;

    public static string? Limits(PSObject instance)
    {
        if (Model(instance) is not { } model)
        {
            return null;
        }

        var limits = new List<string>(3);
        if (model.Rpm is { } rpm and not 0)
        {
            limits.Add(rpm.ToString(CultureInfo.InvariantCulture) + " rpm");
        }

        if (model.Tpm is { } tpm and not 0)
        {
            limits.Add(tpm.ToString(CultureInfo.InvariantCulture) + " tpm");
        }

        if (model.Concurrency is { } concurrency and not 0)
        {
            limits.Add(concurrency.ToString(CultureInfo.InvariantCulture) + " at once");
        }

        return string.Join(", ", limits);
    }

    public static string? IdInView(PSObject instance) => Model(instance) is { } model ? ViewText.TrimLeft(model.Id, 30) : null;

    public static string? VisionInView(PSObject instance) => Model(instance) is { } model ? ViewText.YesNo(model.Vision, "unknown") : null;

    public static string? ProviderInView(PSObject instance) => Model(instance) is { } model
        ? string.IsNullOrEmpty(model.Provider) ? "?" : model.Provider
        : null;

    /// <summary>Thousands of tokens, rounded half to even as [math]::Round does.</summary>
    public static string? ContextInView(PSObject instance) => Model(instance) is { } model
        ? model.ContextLength is { } length and not 0 ? ViewText.Format("{0}K", Math.Round(length / 1000.0)) : "?"
        : null;

    public static string? PriceInView(PSObject instance) => Model(instance) is not null ? Price(instance) ?? "?" : null;

    public static string? ListedInView(PSObject instance) => Model(instance) is { } model ? ViewText.YesNo(model.Listed, "-") : null;

    private static VisionModel? Model(PSObject instance) => instance?.BaseObject as VisionModel;
}
