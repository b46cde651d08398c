using System.Runtime.CompilerServices;

namespace VisionPS.Imaging;

/// <summary>How the codecs' per-row and per-block loops are compiled (<c>[MethodImpl(HotPath.Options)]</c>).</summary>
internal static class HotPath
{
#if VISIONPS_READYTORUN
    /// <summary>
    /// The ReadyToRun build (linux-x64, Dependencies/linux-x64/): crossgen2 precompiles these loops optimised, and it skips
    /// any method marked AggressiveOptimization, which would leave the first photo of a fresh process to the JIT.
    /// </summary>
    public const MethodImplOptions Options = 0;
#else
    /// <summary>
    /// The portable build that every other platform JITs: straight to optimised code. With tiering, the loops stayed in
    /// unoptimised first-tier code for most of a session's first photo.
    /// </summary>
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#endif
}
