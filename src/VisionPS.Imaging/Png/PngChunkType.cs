namespace VisionPS.Imaging.Png;

/// <summary>PNG chunk types the header reader acts on; each value is the big-endian four-character code.</summary>
internal enum PngChunkType : uint
{
    /// <summary>IHDR: size, bit depth, colour type; always the first chunk.</summary>
    Header = 0x49484452,

    /// <summary>IDAT: image data; the reader stops at the first one.</summary>
    Data = 0x49444154,

    /// <summary>IEND.</summary>
    End = 0x49454E44,

    /// <summary>acTL (APNG animation control): before the first IDAT it makes the file an APNG.</summary>
    AnimationControl = 0x6163544C,

    /// <summary>eXIf: EXIF data starting with the TIFF header.</summary>
    Exif = 0x65584966,

    /// <summary>tEXt: Latin-1 keyword and text.</summary>
    Text = 0x74455874,

    /// <summary>zTXt: keyword and zlib-compressed text.</summary>
    CompressedText = 0x7A545874,

    /// <summary>iTXt: keyword and UTF-8 text, optionally zlib-compressed.</summary>
    InternationalText = 0x69545874,
}
