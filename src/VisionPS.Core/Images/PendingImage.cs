namespace VisionPS.Core.Images;

/// <summary>
/// An image whose path (if any) is already resolved, but whose file is not read yet: <see cref="Load"/> reads and
/// prepares it, and may run on any thread (batches prepare images in parallel); it never throws.
/// </summary>
/// <param name="Target">What an error names as its target.</param>
/// <param name="Load">Reads and prepares the image, returning the part or the error.</param>
public sealed record PendingImage(object Target, Func<ImageInput> Load);
