using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Encoder;

/// <summary>
/// PNG filter 4 (Paeth): each byte minus whichever of left (a), above (b) and upper-left (c) is closest to a + b - c,
/// ties going to a, then b (PNG specification 9.4).
/// </summary>
internal static class PaethFilterEncoder
{
    public const byte Type = 4;

    public static void Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> output)
    {
        previous = previous[..row.Length];
        output = output[..row.Length];

        // With no pixel to the left, a = c = 0 and the predictor is the byte above.
        for (int i = 0; i < bytesPerPixel; i++)
        {
            output[i] = (byte)(row[i] - previous[i]);
        }

        int j = bytesPerPixel;
        for (; j + Vector128<byte>.Count <= row.Length; j += Vector128<byte>.Count)
        {
            Vector128<byte> predictor = Predict(
                Vector128.Create(row[(j - bytesPerPixel)..]),
                Vector128.Create(previous[j..]),
                Vector128.Create(previous[(j - bytesPerPixel)..]));
            (Vector128.Create(row[j..]) - predictor).StoreUnsafe(ref MemoryMarshal.GetReference(output.Slice(j, Vector128<byte>.Count)));
        }

        for (; j < row.Length; j++)
        {
            output[j] = (byte)(row[j] - Predict(row[j - bytesPerPixel], previous[j], previous[j - bytesPerPixel]));
        }
    }

    public static byte Predict(byte a, byte b, byte c)
    {
        int pa = Math.Abs(b - c);
        int pb = Math.Abs(a - c);
        int pc = Math.Abs(a + b - c - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Predict(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
    {
        (Vector128<ushort> aLow, Vector128<ushort> aHigh) = Vector128.Widen(a);
        (Vector128<ushort> bLow, Vector128<ushort> bHigh) = Vector128.Widen(b);
        (Vector128<ushort> cLow, Vector128<ushort> cHigh) = Vector128.Widen(c);
        Vector128<short> low = Predict(aLow.AsInt16(), bLow.AsInt16(), cLow.AsInt16());
        Vector128<short> high = Predict(aHigh.AsInt16(), bHigh.AsInt16(), cHigh.AsInt16());
        return Vector128.Narrow(low.AsUInt16(), high.AsUInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Predict(Vector128<short> a, Vector128<short> b, Vector128<short> c)
    {
        Vector128<short> bMinusC = b - c;
        Vector128<short> aMinusC = a - c;
        Vector128<short> pa = Vector128.Abs(bMinusC);
        Vector128<short> pb = Vector128.Abs(aMinusC);
        Vector128<short> pc = Vector128.Abs(bMinusC + aMinusC);
        Vector128<short> pickA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
        Vector128<short> pickB = Vector128.LessThanOrEqual(pb, pc);
        return Vector128.ConditionalSelect(pickA, a, Vector128.ConditionalSelect(pickB, b, c));
    }
}
