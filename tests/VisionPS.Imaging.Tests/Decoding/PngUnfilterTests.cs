using VisionPS.Imaging.Png.Filters;
using Xunit;

namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>The vectorised unfilters agree with the byte-by-byte definitions of PNG spec 9.2-9.4.</summary>
public sealed class PngUnfilterTests
{
    public static TheoryData<int> FilterTypes => new() { 1, 2, 3, 4 };

    [Theory]
    [MemberData(nameof(FilterTypes))]
    public void MatchesTheSpecificationForEveryPixelSizeAndShortRows(int filter)
    {
        var random = new Random(filter);
        int checkedRows = 0;
        foreach (int bytesPerPixel in new[] { 1, 2, 3, 4, 6, 8 })
        {
            for (int length = bytesPerPixel; length <= 70; length += bytesPerPixel)
            {
                var raw = new byte[length];
                var previous = new byte[length];
                random.NextBytes(raw);
                random.NextBytes(previous);
                byte[] expected = Reference((byte)filter, raw, previous, bytesPerPixel);

                // Padding after the row must neither be read into the result nor overwritten.
                var buffer = new byte[length + 8];
                raw.CopyTo(buffer, 0);
                buffer.AsSpan(length).Fill(0xA5);
                PngUnfilter.Decode((byte)filter, buffer.AsSpan(0, length), previous, bytesPerPixel);

                Assert.Equal(expected, buffer[..length]);
                Assert.All(buffer[length..], b => Assert.Equal(0xA5, b));
                checkedRows++;
            }
        }

        Assert.True(checkedRows > 100);
    }

    private static byte[] Reference(byte filter, byte[] raw, byte[] previous, int bpp)
    {
        var row = (byte[])raw.Clone();
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
            int predictor = filter switch
            {
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                _ => Paeth(a, b, c),
            };
            row[i] = (byte)(row[i] + predictor);
        }

        return row;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
