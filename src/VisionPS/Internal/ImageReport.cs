using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;

namespace VisionPS.Internal;

/// <summary>
/// The one writer of what preparing an image has to say: each of its warnings, then its preparation summary as a
/// verbose line. Every command that prepares images (ConvertTo-ImagePart, the chat cmdlets on the pipeline thread or
/// on batch workers, Submit-VisionBatch) reports through it, so the lines are the same wherever an image is prepared.
/// </summary>
internal static class ImageReport
{
    /// <param name="part">The prepared image.</param>
    /// <param name="warn">Writes a warning (WriteWarning, or a batch's queue to the pipeline thread).</param>
    /// <param name="verbose">Writes a verbose line.</param>
    public static void Write(ImagePart part, Action<string> warn, Action<string> verbose)
    {
        foreach (string warning in part.Warnings)
        {
            warn(warning);
        }

        verbose(PreparationSummary.Of(part));
    }
}
