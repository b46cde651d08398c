namespace VisionPS.Imaging.Tiff;

/// <summary>Why a TIFF page is not handed to ImageSharp: a feature refused (<paramref name="Unsupported"/>) or damage.</summary>
internal sealed record TiffPageProblem(bool Unsupported, string Message);
