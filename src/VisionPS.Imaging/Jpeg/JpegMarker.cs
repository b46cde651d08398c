namespace VisionPS.Imaging.Jpeg;

/// <summary>JPEG marker codes (the byte after <c>FF</c>) that the header reader acts on, per ITU-T T.81 Table B.1.</summary>
internal static class JpegMarker
{
    public const byte Prefix = 0xFF;
    public const byte Temporary = 0x01;         // TEM, standalone
    public const byte StartOfImage = 0xD8;      // SOI, standalone
    public const byte EndOfImage = 0xD9;        // EOI, standalone
    public const byte StartOfScan = 0xDA;       // SOS
    public const byte App1 = 0xE1;              // APP1: Exif (or XMP)
    public const byte Restart0 = 0xD0;          // RST0..RST7 = D0..D7, standalone
    public const byte Restart7 = 0xD7;

    /// <summary>True for SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): the frame headers that carry the image size.</summary>
    public static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);

    /// <summary>True for markers that stand alone, without a length field.</summary>
    public static bool IsStandalone(byte marker) =>
        marker is Temporary or StartOfImage or (>= Restart0 and <= Restart7);

    /// <summary>The mnemonic used in messages, e.g. <c>SOF2</c>, <c>DQT</c>, <c>APP1</c>.</summary>
    public static string Name(byte marker) => marker switch
    {
        0xC4 => "DHT",
        0xC8 => "JPG",
        0xCC => "DAC",
        >= 0xC0 and <= 0xCF => $"SOF{marker - 0xC0}",
        >= Restart0 and <= Restart7 => $"RST{marker - Restart0}",
        StartOfImage => "SOI",
        EndOfImage => "EOI",
        StartOfScan => "SOS",
        0xDB => "DQT",
        0xDC => "DNL",
        0xDD => "DRI",
        0xDE => "DHP",
        0xDF => "EXP",
        >= 0xE0 and <= 0xEF => $"APP{marker - 0xE0}",
        0xFE => "COM",
        _ => $"0x{marker:X2}",
    };
}
