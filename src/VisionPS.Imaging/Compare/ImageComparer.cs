using System.Security.Cryptography;

namespace VisionPS.Imaging.Compare;

/// <summary>
/// Compares two encoded images through an <see cref="IImageEngine"/>: decode, EXIF orientation, then the pixel hash
/// on the full pixels and SSIM, perceptual hash and changed regions on luma at a fixed working size (both images
/// resampled to <see cref="WorkingSize"/> square, alpha flattened onto white).
/// </summary>
public sealed class ImageComparer
{
    /// <summary>The side of the square both images are resampled to for SSIM and the changed regions.</summary>
    public const int WorkingSize = 256;

    private readonly IImageEngine _engine;

    public ImageComparer(IImageEngine? engine = null) => _engine = engine ?? BuiltInImageEngine.Instance;

    /// <summary>Raises <see cref="ImageFormatException"/> subtypes (naming the source) for data it cannot decode.</summary>
    public PixelMeasures Compare(ReadOnlySpan<byte> reference, string? referenceName, ReadOnlySpan<byte> difference, string? differenceName)
    {
        PixelBuffer a = Upright(reference, referenceName);
        PixelBuffer b = Upright(difference, differenceName);
        string hashA = PixelHash(a);
        string hashB = PixelHash(b);
        LumaPlane workA = Working(a, WorkingSize);
        LumaPlane workB = Working(b, WorkingSize);
        bool identical = hashA == hashB;
        return new PixelMeasures
        {
            Identical = identical,
            ReferencePixelHash = hashA,
            DifferencePixelHash = hashB,
            Ssim = identical ? 1.0 : StructuralSimilarity.Mean(workA, workB),
            PerceptualHashDistance = PerceptualHash.Distance(PerceptualHash.Compute(Working(a, PerceptualHash.InputSize)), PerceptualHash.Compute(Working(b, PerceptualHash.InputSize))),
            Changes = identical ? [] : ChangeDetector.Find(workA, workB, a.Width, a.Height),
        };
    }

    /// <summary>Decoded at full size and turned upright.</summary>
    public PixelBuffer Upright(ReadOnlySpan<byte> data, string? sourceName)
    {
        ImageInfo info = _engine.Identify(data, sourceName);
        if (!_engine.CanDecode(info.Format))
        {
            throw new UnsupportedImageFeatureException(info.Format, "a format the built-in engine only identifies (no local comparison)", sourceName);
        }

        return _engine.ApplyOrientation(_engine.Decode(data, DecodeOptions.Default, sourceName), info.Orientation);
    }

    /// <summary>
    /// SHA-256 of the size and the pixels; an RGBA image whose alpha is opaque everywhere hashes as RGB, so a PNG saved
    /// with or without an alpha channel is the same picture.
    /// </summary>
    public static string PixelHash(PixelBuffer pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        BitConverter.TryWriteBytes(header, pixels.Width);
        BitConverter.TryWriteBytes(header[4..], pixels.Height);
        sha.AppendData(header);
        if (pixels.HasAlpha && !pixels.HasTransparentPixels())
        {
            var rgb = new byte[pixels.Width * 3];
            for (int y = 0; y < pixels.Height; y++)
            {
                ReadOnlySpan<byte> row = pixels.GetRow(y);
                for (int x = 0; x < pixels.Width; x++)
                {
                    row.Slice(x * 4, 3).CopyTo(rgb.AsSpan(x * 3));
                }

                sha.AppendData(rgb);
            }
        }
        else
        {
            sha.AppendData(pixels.Data);
        }

        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    private LumaPlane Working(PixelBuffer pixels, int size) =>
        LumaPlane.From(_engine.Resize(_engine.FlattenAlpha(pixels, 255, 255, 255), size, size));
}
