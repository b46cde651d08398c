using VisionPS.Imaging.Sources.Animation;
using VisionPS.Imaging.Sources.Pdf;
using VisionPS.Imaging.Sources.TiffPages;
using VisionPS.Imaging.Sources.Video;

namespace VisionPS.Imaging.Sources;

/// <summary>The sources that turn one input into several images, asked in order before an input is read as one image.</summary>
public static class ImageSources
{
    /// <summary>How many leading bytes <see cref="IImageSource.Recognises"/> is given (an ISO-BMFF brand list fits).</summary>
    public const int HeaderLength = 4096;

    public static IReadOnlyList<IImageSource> BuiltIn { get; } = [PdfPageSource.Instance, TiffPageSource.Instance, VideoFrameSource.Instance, GifFrameSource.Instance, ApngFrameSource.Instance, WebPFrameSource.Instance];

    /// <summary>The source that reads <paramref name="header"/>'s input; null for an ordinary image.</summary>
    public static IImageSource? Find(ReadOnlySpan<byte> header, SourceOptions options)
    {
        foreach (IImageSource source in BuiltIn)
        {
            if (source.Recognises(header, options))
            {
                return source;
            }
        }

        return null;
    }
}
