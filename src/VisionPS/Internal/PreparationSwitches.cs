using VisionPS.Core.Images.Preparation;

namespace VisionPS.Internal;

/// <summary>The image-preparation parameters both ConvertTo-ImagePart and Invoke-VisionChat take, as Core options.</summary>
internal static class PreparationSwitches
{
    /// <param name="noResize">-NoResize.</param>
    /// <param name="keepMetadata">-KeepMetadata.</param>
    /// <param name="quality">-Quality; 0 when not given.</param>
    /// <param name="maxSize">-MaxSize; 0 when not given.</param>
    /// <param name="maxBytes">-MaxBytes; 0 when not given.</param>
    /// <param name="model">The model the images are for.</param>
    /// <param name="tile">-Tile (checked while binding by <see cref="ValidateTileAttribute"/>); null: off.</param>
    public static ImagePreparationOptions ToOptions(bool noResize, bool keepMetadata, int quality, int maxSize, long maxBytes, string? model, string? tile = null) => new()
    {
        Tile = tile is null ? Core.Images.Tiling.TileSetting.Off : Core.Images.Tiling.TileSetting.Parse(tile),
        Resize = !noResize,
        KeepMetadata = keepMetadata,
        Quality = quality > 0 ? quality : null,
        MaxSize = maxSize > 0 ? maxSize : null,
        MaxEncodedBytes = maxBytes > 0 ? maxBytes : ImagePreparationOptions.DefaultMaxEncodedBytes,
        Model = model,
    };
}
