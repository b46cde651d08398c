using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Metadata;

/// <summary>Stripped JPEGs decode (djpeg) to exactly the original pixels and carry no EXIF/XMP/IPTC/comment (identify).</summary>
public sealed class JpegMetadataStripperTests
{
    private static readonly string[] MetadataFindings = ["exif", "xmp", "iptc", "8bim", "comment", "app12"];

    public static TheoryData<string> JpegFiles()
    {
        var files = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(SharedPaths.TestImages, "exif"), "*.jpg").Order(StringComparer.Ordinal))
        {
            files.Add(path);
        }

        foreach (string name in new[] { "baseline_422_640x480.jpg", "baseline_444_320x240.jpg", "progressive_420_320x240.jpg", "restart_markers_dri5_33x33.jpg", "cmyk_adobe_transform0_32x32.jpg", "ycck_adobe_transform2_100x100.jpg", "baseline_420_227x149.jpg" })
        {
            files.Add(SharedPaths.Image("jpeg/" + name));
        }

        foreach (string path in Directory.GetFiles(SharedPaths.Samples, "*.jpg").Order(StringComparer.Ordinal))
        {
            files.Add(path);
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(JpegFiles))]
    public void Stripped_file_has_the_same_pixels_and_no_metadata(string path)
    {
        byte[] original = File.ReadAllBytes(path);
        HashSet<string> before = MetadataProbe.MagickFindings(original);

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(original, path);

        Assert.Equal(ReferenceTools.Djpeg(original).Data, ReferenceTools.Djpeg(stripped).Data);
        HashSet<string> after = MetadataProbe.MagickFindings(stripped);
        Assert.Empty(after.Intersect(MetadataFindings));
        Assert.Equal(before.Contains("icc"), after.Contains("icc"));
        Assert.False(MetadataProbe.Contains(stripped, "Exif\0\0"));
        Assert.False(MetadataProbe.Contains(stripped, "http://ns.adobe.com/xap"));
        Assert.False(MetadataProbe.Contains(stripped, "Photoshop 3.0"));
        if (before.Intersect(MetadataFindings).Any())
        {
            Assert.True(stripped.Length < original.Length);
        }

        // Adobe APP14 decides how 4-component files are converted, so it must survive.
        Assert.Equal(MetadataProbe.JpegMarkers(original).Contains(0xEE), MetadataProbe.JpegMarkers(stripped).Contains(0xEE));
        Assert.Equal(stripped, BuiltInImageEngine.Instance.StripMetadata(stripped, path));
    }

    [Fact]
    public void Manifest_files_with_metadata_lose_it()
    {
        // Guards the probe itself: the originals must show what the stripped files must not.
        Assert.Contains("exif", MetadataProbe.MagickFindings(File.ReadAllBytes(SharedPaths.Image("exif/landscape_orientation_6.jpg"))));
        HashSet<string> xmp = MetadataProbe.MagickFindings(File.ReadAllBytes(SharedPaths.Image("exif/landscape_orientation_1.jpg")));
        Assert.Contains("xmp", xmp);
        Assert.Contains("iptc", xmp);
        HashSet<string> iptc = MetadataProbe.MagickFindings(File.ReadAllBytes(SharedPaths.Image("jpeg/baseline_422_640x480.jpg")));
        Assert.Contains("iptc", iptc);
        Assert.Contains("exif", iptc);
    }

    [Fact]
    public void GPS_in_a_spliced_Exif_segment_is_removed_and_the_rest_is_untouched()
    {
        byte[] photo = File.ReadAllBytes(Path.Combine(SharedPaths.Samples, "bird_northern_cardinal.jpg"));
        byte[] app1 = MetadataProbe.JpegSegment(0xE1, MetadataProbe.ExifWithGps());
        byte[] comment = MetadataProbe.JpegSegment(0xFE, "taken at home"u8.ToArray());
        byte[] withGps = MetadataProbe.Splice(photo, MetadataProbe.JpegSegmentEnd(photo, 0xE0), app1, comment);
        string gpsReport = System.Text.Encoding.UTF8.GetString(ReferenceTools.Run("identify", ["-format", "%[EXIF:GPSLatitude] %[EXIF:GPSLongitudeRef]", "-"], withGps));
        Assert.Equal("47/1, 22/1, 3141/100 E", gpsReport);
        Assert.True(MetadataProbe.Contains(photo, "CREATOR: gd-jpeg"));

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(withGps, "gps.jpg");

        Assert.False(MetadataProbe.Contains(stripped, MetadataProbe.GpsLatitudeBytes()));
        Assert.False(MetadataProbe.Contains(stripped, "taken at home"));
        Assert.False(MetadataProbe.Contains(stripped, "CREATOR: gd-jpeg"));
        Assert.Equal(BuiltInImageEngine.Instance.StripMetadata(photo, "photo.jpg"), stripped);
        Assert.Equal(ReferenceTools.Djpeg(photo).Data, ReferenceTools.Djpeg(stripped).Data);
    }

    [Fact]
    public void ICC_profile_is_kept_and_comment_dropped()
    {
        string dir = Directory.CreateTempSubdirectory("visionps-icc").FullName;
        try
        {
            string icc = Path.Combine(dir, "p.icc");
            File.WriteAllBytes(icc, ReferenceTools.Run("convert", [SharedPaths.Image("png/photo_rgb16_icc_149x227.png"), "icc:-"], null));
            byte[] withIcc = ReferenceTools.Run("convert", [SharedPaths.Image("jpeg/baseline_420_227x149.jpg"), "-profile", icc, "-set", "comment", "a comment", "jpg:-"], null);
            HashSet<string> before = MetadataProbe.MagickFindings(withIcc);
            Assert.Contains("icc", before);
            Assert.Contains("comment", before);

            byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(withIcc, "icc.jpg");

            HashSet<string> after = MetadataProbe.MagickFindings(stripped);
            Assert.Contains("icc", after);
            Assert.DoesNotContain("comment", after);
            Assert.True(MetadataProbe.Contains(stripped, File.ReadAllBytes(icc)));
            Assert.Equal(ReferenceTools.Djpeg(withIcc).Data, ReferenceTools.Djpeg(stripped).Data);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Entropy_data_with_stuffing_and_restart_markers_is_copied_byte_for_byte()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("jpeg/restart_markers_dri5_33x33.jpg"));

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(original, null);

        int scan = Array.LastIndexOf(original, (byte)0xDA) - 1;
        int strippedScan = Array.LastIndexOf(stripped, (byte)0xDA) - 1;
        Assert.Equal(original[scan..original.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 })], stripped[strippedScan..^2]);
    }

    [Fact]
    public void Bytes_after_EOI_are_dropped()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("jpeg/baseline_420_227x149.jpg"));
        byte[] trailing = [.. original, .. "trailing secret"u8.ToArray()];

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(trailing, null);

        Assert.Equal(BuiltInImageEngine.Instance.StripMetadata(original, null), stripped);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, stripped[^2..]);
    }

    [Theory]
    [InlineData("corrupt/jpeg_truncated_50pct.jpg")]
    [InlineData("corrupt/jpeg_truncated_in_header.jpg")]
    public void Truncated_files_are_reported_as_image_errors(string name)
    {
        byte[] data = File.ReadAllBytes(SharedPaths.Image(name));

        var error = Assert.ThrowsAny<ImageFormatException>(() => BuiltInImageEngine.Instance.StripMetadata(data, name));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
