using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// Divides forward-DCT output by the quantiser steps with rounding to nearest, the way libjpeg-turbo does it: by a
/// 16-bit reciprocal and a shift (<c>compute_reciprocal</c> in jcdctmgr.c), so that coefficients match cjpeg's exactly.
/// </summary>
internal sealed class JpegQuantizer
{
    private readonly uint[] reciprocal = new uint[64];
    private readonly uint[] correction = new uint[64];
    private readonly int[] shift = new int[64];

    /// <param name="table">Steps in natural order.</param>
    /// <param name="dctScale">The factor the forward DCT leaves in its output (8 for libjpeg's islow).</param>
    public JpegQuantizer(JpegQuantizationTable table, int dctScale)
    {
        for (int i = 0; i < 64; i++)
        {
            uint divisor = (uint)(table.Natural[i] * dctScale);
            int r = 16 + System.Numerics.BitOperations.Log2(divisor);
            ulong fq = (1UL << r) / divisor;
            ulong fr = (1UL << r) % divisor;
            uint c = divisor / 2;
            if (fr == 0)
            {
                fq >>= 1;
                r--;
            }
            else if (fr <= divisor / 2)
            {
                c++;
            }
            else
            {
                fq++;
            }

            reciprocal[i] = (uint)fq;
            correction[i] = c;
            shift[i] = r;
        }
    }

    /// <summary>Quantises <paramref name="block"/> (natural order, in place).</summary>
    [MethodImpl(HotPath.Options)]
    public void Quantize(Span<int> block)
    {
        block = block[..64];
        if (Avx2.IsSupported)
        {
            QuantizeAvx2(block);
            return;
        }

        uint[] rec = reciprocal, corr = correction;
        int[] sh = shift;
        for (int i = 0; i < 64; i++)
        {
            int value = block[i];
            uint magnitude = (uint)Math.Abs(value);
            int quotient = (int)(((ulong)(magnitude + corr[i]) * rec[i]) >> sh[i]);
            block[i] = value < 0 ? -quotient : quotient;
        }
    }

    [MethodImpl(HotPath.Options)]
    private void QuantizeAvx2(Span<int> block)
    {
        // |coefficient| stays below 8192 and the reciprocal below 65536, so the product fits 32 bits.
        ref int values = ref MemoryMarshal.GetReference(block);
        ref uint rec = ref MemoryMarshal.GetArrayDataReference(reciprocal);
        ref uint corr = ref MemoryMarshal.GetArrayDataReference(correction);
        ref int sh = ref MemoryMarshal.GetArrayDataReference(shift);
        for (nuint i = 0; i < 64; i += 8)
        {
            Vector256<int> value = Vector256.LoadUnsafe(ref values, i);
            Vector256<uint> magnitude = Avx2.Abs(value);
            Vector256<uint> product = Avx2.MultiplyLow(magnitude + Vector256.LoadUnsafe(ref corr, i), Vector256.LoadUnsafe(ref rec, i));
            Vector256<int> quotient = Avx2.ShiftRightLogicalVariable(product, Vector256.LoadUnsafe(ref sh, i).AsUInt32()).AsInt32();
            Avx2.Sign(quotient, value).StoreUnsafe(ref values, i);
        }
    }
}
