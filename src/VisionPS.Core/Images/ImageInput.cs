namespace VisionPS.Core.Images;

/// <summary>The outcome of reading one image the user gave: a part, or the error to report for its target.</summary>
public sealed record ImageInput(object Target, ImagePart? Part, Exception? Error);
