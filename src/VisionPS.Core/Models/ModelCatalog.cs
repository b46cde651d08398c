using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Models;

/// <summary>
/// The models VisionPS knows: the built-in catalog (embedded <c>Models/catalog.json</c>), then a user file in the same
/// schema whose entries replace built-in ones with the same id and add the others (docs/model-catalog.md).
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>Environment variable naming the default user catalog file.</summary>
    public const string UserFileVariable = "VISIONPS_MODEL_CATALOG";

    private const string ResourceName = "VisionPS.Core.Models.catalog.json";

    internal ModelCatalog(IReadOnlyList<ModelInfo> all) => All = all;

    /// <summary>The rule names <see cref="ImageTokenRuleSpec"/> allows.</summary>
    public static IReadOnlyList<string> ImageTokenRules { get; } =
        ["openai-tiles", "openai-patches", "qwen-smart-resize", "siliconflow-qwen", "internvl-tiles", "fixed", "unknown"];

    /// <summary>Built-in entries first (in file order, replaced in place), then the user file's new ids.</summary>
    public IReadOnlyList<ModelInfo> All { get; }

    /// <summary>The built-in catalog alone.</summary>
    public static ModelCatalog BuiltIn { get; } = new(ReadBuiltIn());

    /// <summary>
    /// The built-in catalog merged with <paramref name="userFile"/>, or with the file named by
    /// <c>$env:VISIONPS_MODEL_CATALOG</c> when no file is given.
    /// </summary>
    /// <exception cref="VisionArgumentException">The user file is missing, unreadable or not a valid catalog (<see cref="ErrorIds.ModelCatalogInvalid"/>).</exception>
    public static ModelCatalog Load(string? userFile = null)
    {
        userFile ??= Environment.GetEnvironmentVariable(UserFileVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (userFile is null)
        {
            return BuiltIn;
        }

        var merged = BuiltIn.All.ToList();
        foreach (ModelInfo model in CatalogReader.Read(ReadUserFile(userFile), userFile))
        {
            int existing = merged.FindIndex(m => m.IsId(model.Id));
            if (existing >= 0)
            {
                merged[existing] = model;
            }
            else
            {
                merged.Add(model);
            }
        }

        return new ModelCatalog(merged);
    }

    /// <summary>
    /// The entry for <paramref name="model"/>, ignoring case: an id, then an alias, then the same two for the name
    /// without its provider prefix (<c>openai/gpt-4o</c> finds <c>gpt-4o</c> only when nothing is called <c>openai/gpt-4o</c>).
    /// </summary>
    public ModelInfo? Find(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FindExactly(model) ?? (ModelInfo.Unprefixed(model) is { } bare ? FindExactly(bare) : null);
    }

    private ModelInfo? FindExactly(string name) => All.FirstOrDefault(m => m.IsId(name)) ?? All.FirstOrDefault(m => m.IsAlias(name));

    private static string ReadUserFile(string path)
    {
        const string fix = "Point VISIONPS_MODEL_CATALOG (or the catalog path you passed) at a readable JSON file, or unset it to use the built-in catalog.";
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new VisionArgumentException(ErrorIds.ModelCatalogInvalid, $"The model catalog '{path}' cannot be read: {e.Message}", fix);
        }
    }

    private static IReadOnlyList<ModelInfo> ReadBuiltIn()
    {
        using Stream stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from VisionPS.Core.");
        using var reader = new StreamReader(stream);
        return CatalogReader.Read(reader.ReadToEnd(), "built-in catalog");
    }
}
