using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg;

/// <summary>Which vector paths the decoder may take; tests turn them off to check the scalar code gives the same output.</summary>
internal static class JpegSimd
{
    /// <summary>False forces every stage onto its scalar code.</summary>
    public static bool Enabled { get; set; } = true;

    public static bool UseAvx2 => Enabled && Avx2.IsSupported;

    public static bool UseSse2 => Enabled && Sse2.IsSupported;
}
