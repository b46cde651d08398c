using VisionPS.Core.Images;
using VisionPS.Imaging;
using VisionPS.Imaging.Compare;

namespace VisionPS.Core.Comparison;

/// <summary>
/// The local measures of a pair of images as the user gave them: files are read again as they are on disk (the
/// prepared copies may be resized or re-encoded), in-memory images are measured as prepared, URLs are not downloaded.
/// </summary>
public static class PairMeasurer
{
    /// <summary>The measures, or null with the reason in <paramref name="note"/>.</summary>
    public static LocalMeasures? TryMeasure(ImagePart reference, ImagePart difference, out string? note)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(difference);
        if (!reference.HasImage || !difference.HasImage)
        {
            note = $"'{(reference.HasImage ? difference : reference).Source}' is a page of text only, so no local measures were computed.";
            return null;
        }

        if (reference.IsLink || difference.IsLink)
        {
            note = "URLs are not downloaded, so no local measures were computed.";
            return null;
        }

        try
        {
            note = null;
            return ToResult(DefaultImageEngine.Instance.Compare(Bytes(reference).Span, reference.Source, Bytes(difference).Span, difference.Source));
        }
        catch (ImageFormatException e)
        {
            note = e.Message;
            return null;
        }
    }

    private static LocalMeasures ToResult(PixelMeasures measures) => new()
    {
        Identical = measures.Identical,
        ReferencePixelHash = measures.ReferencePixelHash,
        DifferencePixelHash = measures.DifferencePixelHash,
        Ssim = measures.Ssim,
        PerceptualHashDistance = measures.PerceptualHashDistance,
        Changes = measures.Changes.Select(c => new ChangeRegion(c.X, c.Y, c.Width, c.Height)).ToArray(),
    };

    private static ReadOnlyMemory<byte> Bytes(ImagePart part) =>
        part.Kind == ImageSourceKind.File && File.Exists(part.Source) ? File.ReadAllBytes(part.Source) : part.Data;
}
