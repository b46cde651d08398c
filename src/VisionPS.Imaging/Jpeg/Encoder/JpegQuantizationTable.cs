namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// The example tables of ITU-T T.81 Annex K.1 scaled by the IJG quality rule, so that the DQT segments equal those
/// <c>cjpeg -quality Q</c> writes (libjpeg's <c>jpeg_quality_scaling</c> and <c>jpeg_add_quant_table</c> with
/// <c>force_baseline</c>).
/// </summary>
internal sealed class JpegQuantizationTable
{
    private static ReadOnlySpan<byte> LuminanceBase =>
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static ReadOnlySpan<byte> ChrominanceBase =>
    [
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
    ];

    private JpegQuantizationTable(byte[] natural) => Natural = natural;

    /// <summary>The 64 quantiser steps in row-major (natural) order, each 1..255.</summary>
    public byte[] Natural { get; }

    public static JpegQuantizationTable Luminance(int quality) => Scale(LuminanceBase, quality);

    public static JpegQuantizationTable Chrominance(int quality) => Scale(ChrominanceBase, quality);

    /// <summary>IJG rule: quality below 50 scales by 5000/q percent, above by 200-2q percent.</summary>
    public static int ScalePercent(int quality)
    {
        quality = Math.Clamp(quality, 1, 100);
        return quality < 50 ? 5000 / quality : 200 - (quality * 2);
    }

    private static JpegQuantizationTable Scale(ReadOnlySpan<byte> basic, int quality)
    {
        int percent = ScalePercent(quality);
        var natural = new byte[64];
        for (int i = 0; i < 64; i++)
        {
            natural[i] = (byte)Math.Clamp(((basic[i] * percent) + 50) / 100, 1, 255);
        }

        return new JpegQuantizationTable(natural);
    }
}
