namespace VisionPS.Imaging.Sources;

/// <summary>Why a source refused its input; Core maps each to a stable error id.</summary>
public enum SourceRefusal
{
    /// <summary>The PDF is encrypted (password or permissions).</summary>
    DocumentEncrypted,

    /// <summary>More pages, or more images on a page, than VisionPS reads.</summary>
    DocumentTooManyPages,

    /// <summary>A page image declares more pixels than the decode limit.</summary>
    DocumentImageTooLarge,

    /// <summary>The PDF cannot be parsed, or a page's image cannot be decoded.</summary>
    DocumentDamaged,

    /// <summary>Nothing to send: no page image and no text on the pages picked.</summary>
    DocumentEmpty,

    /// <summary>A page image uses a coding VisionPS does not decode (JBIG2, JPEG 2000).</summary>
    DocumentImageNotSupported,

    /// <summary>-Page names a page the document does not have.</summary>
    PageNotFound,

    /// <summary>No ffmpeg/ffprobe on PATH for a video.</summary>
    VideoDecoderMissing,

    /// <summary>ffmpeg could not read the video, or it has no video stream.</summary>
    VideoDecodeFailed,
}
