namespace VisionPS.Imaging.Sources;

/// <summary>
/// Turns one input that is not a single still image (a PDF, a video, an animation) into labelled images
/// (<see cref="SourceImage"/>). Recognised from the bytes, never the name; registered in <see cref="ImageSources"/>.
/// </summary>
public interface IImageSource
{
    /// <summary>What the source reads, for messages ("PDF", "video").</summary>
    string Name { get; }

    /// <summary>True when <paramref name="header"/> (the first bytes, at least 64 when the input has them) is this source's kind
    /// and <paramref name="options"/> ask for it to be read as several images.</summary>
    bool Recognises(ReadOnlySpan<byte> header, SourceOptions options);

    /// <summary>True when the source reads the file itself (a video may be far larger than an image is allowed to be).</summary>
    bool ReadsFromPath { get; }

    /// <summary>The input's images in sending order; refuses bad, hostile or oversized input with <see cref="SourceRefusedException"/>
    /// or another <see cref="ImageFormatException"/> before allocating for it.</summary>
    IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options);
}
