using VisionPS.Imaging.Sources.Animation;
using VisionPS.Imaging.Sources.Pdf;
using VisionPS.Imaging.Sources.TiffPages;
using VisionPS.Imaging.Sources.Video;

namespace VisionPS.Imaging.Sources;

/// <summary>The sources that turn one input into several images, asked in order before an input is read as one image.</summary>
public static class ImageSources
{
    /// <summary>
    /// How many leading bytes a file is sniffed by before it is read (an ISO-BMFF brand list fits): enough to find a
    /// source that reads from the path (a video). An input in memory is sniffed whole, so a recogniser that walks
    /// chunks (an APNG's acTL may follow kilobytes of text chunks) sees them all without a second read.
    /// </summary>
    public const int HeaderLength = 4096;

    public static IReadOnlyList<IImageSource> BuiltIn { get; } = [PdfPageSource.Instance, TiffPageSource.Instance, VideoFrameSource.Instance, GifFrameSource.Instance, ApngFrameSource.Instance, WebPFrameSource.Instance];

    /// <summary>The source that reads <paramref name="header"/>'s input (its first bytes, or all of it); null for an ordinary image.</summary>
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
