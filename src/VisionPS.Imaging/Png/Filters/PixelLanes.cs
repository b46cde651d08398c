using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Filters;

/// <summary>
/// One 3- or 4-byte pixel as the low lanes of a vector, for the filters whose bytes depend on the pixel to their left
/// (Sub, Average, Paeth): pixels are serial, but their 3-4 bytes can be computed together. Loads always read 4 bytes,
/// so callers stop while fewer than 4 bytes remain; stores write only the pixel's own bytes.
/// </summary>
internal static class PixelLanes
{
    public static readonly Vector128<short> ByteMask = Vector128.Create((short)0xFF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> LoadBytes(ref byte start, int offset) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> LoadWide(ref byte start, int offset) => Vector128.WidenLower(LoadBytes(ref start, offset)).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(ref byte start, int offset, Vector128<byte> pixel, int bytesPerPixel)
    {
        uint value = pixel.AsUInt32().ToScalar();
        ref byte at = ref Unsafe.Add(ref start, offset);
        if (bytesPerPixel == 4)
        {
            Unsafe.WriteUnaligned(ref at, value);
        }
        else
        {
            Unsafe.WriteUnaligned(ref at, (ushort)value);
            Unsafe.Add(ref at, 2) = (byte)(value >> 16);
        }
    }

    /// <summary>Stores lanes already reduced to 0-255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWide(ref byte start, int offset, Vector128<short> pixel, int bytesPerPixel) =>
        StoreBytes(ref start, offset, Vector128.Narrow(pixel.AsUInt16(), pixel.AsUInt16()), bytesPerPixel);
}
