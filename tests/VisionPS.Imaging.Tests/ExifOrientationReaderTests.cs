using VisionPS.Imaging.Exif;

namespace VisionPS.Imaging.Tests;

public class ExifOrientationReaderTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 6)]
    [InlineData(false, 3)]
    [InlineData(false, 8)]
    public void ReadFromTiff_OrientationShort_ReturnsIt(bool littleEndian, int orientation)
    {
        Assert.Equal(orientation, ExifOrientationReader.ReadFromTiff(SyntheticImages.ExifOrientation(orientation, littleEndian)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadFromTiff_OrientationAmongOtherTags_IsFound(bool littleEndian)
    {
        byte[] tiff = SyntheticImages.Tiff(littleEndian, 0, (0x010F, 2, 4, 0), (0x0110, 2, 4, 0), (0x0112, 3, 1, 7), (0x011A, 5, 1, 0));

        Assert.Equal(7, ExifOrientationReader.ReadFromTiff(tiff));
    }

    [Fact]
    public void ReadFromTiff_OrientationAsLong_IsAccepted()
    {
        Assert.Equal(6, ExifOrientationReader.ReadFromTiff(SyntheticImages.Tiff(false, 0, (0x0112, 4, 1, 6))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(0xFFFF)]
    public void ReadFromTiff_OutOfRangeValue_IsUpright(int value)
    {
        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(SyntheticImages.Tiff(true, 0, (0x0112, 3, 1, (uint)value))));
    }

    [Fact]
    public void ReadFromTiff_WrongType_IsUpright()
    {
        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(SyntheticImages.Tiff(true, 0, (0x0112, 2, 1, 6))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadFromTiff_IfdOffsetOutsideTheData_IsUpright(bool littleEndian)
    {
        byte[] tiff = SyntheticImages.ExifOrientation(6, littleEndian);
        WriteUInt32(tiff, 4, 0xFFFFFFF0, littleEndian);

        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(tiff));
    }

    [Fact]
    public void ReadFromTiff_IfdPointingToItself_ReturnsWithoutLooping()
    {
        // IFD0 at 8 without an orientation tag, whose next-IFD link points back at itself.
        byte[] tiff = SyntheticImages.Tiff(true, nextIfdOffset: 8, (0x0100, 3, 1, 640));

        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(tiff));
    }

    [Fact]
    public void ReadFromTiff_IfdOverlappingTheHeader_ReadsWhatIsThere()
    {
        // IFD0 offset 4 points into the header itself: the "entry count" is the offset's low bytes.
        byte[] tiff = SyntheticImages.ExifOrientation(6, littleEndian: true);
        WriteUInt32(tiff, 4, 4, littleEndian: true);

        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(tiff));
    }

    [Fact]
    public void ReadFromTiff_EntryCountLargerThanTheData_StopsAtTheEnd()
    {
        byte[] tiff = SyntheticImages.ExifOrientation(6, littleEndian: false);
        tiff[8] = 0xFF;
        tiff[9] = 0xFF;

        Assert.Equal(6, ExifOrientationReader.ReadFromTiff(tiff));
        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(tiff.AsSpan(0, 20)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A })]
    [InlineData(new byte[] { 0x49, 0x4D, 0x2A, 0x00, 8, 0, 0, 0 })]
    [InlineData(new byte[] { 0x49, 0x49, 0x2B, 0x00, 8, 0, 0, 0 })]
    public void ReadFromTiff_NotATiffHeader_IsUpright(byte[] data)
    {
        Assert.Equal(1, ExifOrientationReader.ReadFromTiff(data));
    }

    [Fact]
    public void ReadFromExifPayload_WithOrWithoutExifPrefix_ReadsTheSame()
    {
        byte[] tiff = SyntheticImages.ExifOrientation(4, littleEndian: true);

        Assert.Equal(4, ExifOrientationReader.ReadFromExifPayload(tiff));
        Assert.Equal(4, ExifOrientationReader.ReadFromExifPayload([.. "Exif\0\0"u8.ToArray(), .. tiff]));
    }

    private static void WriteUInt32(byte[] data, int offset, uint value, bool littleEndian)
    {
        if (littleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset), value);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), value);
        }
    }
}
