using System.Buffers.Binary;
using VisionPS.Imaging.Png;

namespace VisionPS.Imaging.Tests.Fuzzing;

/// <summary>Makes damaged copies of a valid image: bit flips, byte overwrites, truncations, absurd header sizes.</summary>
internal static class Mutator
{
    private static readonly uint[] AbsurdSizes = [0, 1, 2, 255, 4096, 16383, 65535, 65536, 100_000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];

    public static (string Kind, byte[] Data) Mutate(byte[] original, Random random)
    {
        byte[] data = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (int i = 0, n = 1 + random.Next(8); i < n; i++)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ("bit flips", data);
            case 1:
                for (int i = 0, n = 1 + random.Next(4); i < n; i++)
                {
                    data[random.Next(data.Length)] = random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)random.Next(256) };
                }

                return ("byte overwrites", data);
            case 2:
                return ("truncated", data[..random.Next(data.Length)]);
            case 3:
                // Damage inside the first 512 bytes, where every header lives.
                for (int i = 0, n = 1 + random.Next(3); i < n; i++)
                {
                    data[random.Next(Math.Min(512, data.Length))] ^= (byte)(1 + random.Next(255));
                }

                return ("header damage", data);
            case 4:
                return ("absurd size", SetHeaderSize(data, random) ?? data[..(data.Length / 2)]);
            default:
                int start = random.Next(data.Length), length = random.Next(1, Math.Max(2, Math.Min(64, data.Length - start)));
                byte[] cut = [.. data[..start], .. data[Math.Min(data.Length, start + length)..]];
                return ("span removed", cut);
        }
    }

    /// <summary>Writes an absurd width or height into the header fields that give the size; null when none were found.</summary>
    private static byte[]? SetHeaderSize(byte[] data, Random random)
    {
        uint value = AbsurdSizes[random.Next(AbsurdSizes.Length)];
        bool height = random.Next(2) == 0;
        if (data.Length > 30 && data[0] == 0x89 && data[1] == (byte)'P')
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(height ? 20 : 16), value);
            if (random.Next(4) != 0)
            {
                // Most of the time fix the CRC, so the decoder gets past the chunk check to the size itself.
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(29), PngCrc.Compute(data.AsSpan(12, 17)));
            }

            return data;
        }

        if (data.Length > 12 && data[0] == (byte)'G' && data[1] == (byte)'I')
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(height ? 8 : 6), (ushort)value);
            return data;
        }

        if (data.Length > 30 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            int signed = random.Next(3) == 0 ? -(int)(value & 0x7FFF_FFFF) : (int)value;
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(height ? 22 : 18), signed);
            return data;
        }

        if (data.Length > 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            for (int i = 2; i + 9 < data.Length; i++)
            {
                if (data[i] == 0xFF && data[i + 1] is 0xC0 or 0xC1 or 0xC2)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(i + (height ? 5 : 7)), (ushort)value);
                    return data;
                }
            }
        }

        return null;
    }
}
