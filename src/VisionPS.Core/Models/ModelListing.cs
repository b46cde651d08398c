namespace VisionPS.Core.Models;

/// <summary>Merges the catalog with a provider's live model list, for Get-VisionModel.</summary>
public static class ModelListing
{
    /// <param name="catalog">The catalog (built-in plus the user's file).</param>
    /// <param name="live">The ids the provider lists; null when it was not asked (or could not be).</param>
    /// <returns>
    /// Every live id (with its catalog entry when there is one), then the catalog entries the provider does not list
    /// (Listed false), or all of them with Listed null when there is no live list. Ordered by id.
    /// </returns>
    public static IReadOnlyList<VisionModel> Merge(ModelCatalog catalog, IReadOnlyList<string>? live)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var models = new List<VisionModel>();
        var covered = new HashSet<ModelInfo>(ReferenceEqualityComparer.Instance);
        foreach (string id in live ?? [])
        {
            ModelInfo? info = catalog.Find(id);
            if (info is not null)
            {
                covered.Add(info);
            }

            models.Add(new VisionModel(id, info, listed: true));
        }

        bool? listed = live is null ? null : false;
        models.AddRange(catalog.All.Where(info => !covered.Contains(info)).Select(info => new VisionModel(info.Id, info, listed)));
        return models.OrderBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// The models a <c>-Vision</c> filter keeps: those that can see, and those nobody recorded either way (shown as
    /// unknown rather than hidden, since a provider-only model may well see).
    /// </summary>
    public static bool MaySee(VisionModel model) => model.Vision != false;
}
