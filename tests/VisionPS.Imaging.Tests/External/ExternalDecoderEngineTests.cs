using VisionPS.Imaging.External;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.External;

/// <summary>
/// Issue 18 point 4: HEIC/AVIF made by Debian's libheif-examples (heif-enc) at test time, decoded through the engine
/// with the decoder found on PATH and compared with ImageMagick's decode of the same file; the decoder's failures,
/// hangs and oversized output, and a machine without one.
/// </summary>
public sealed class ExternalDecoderEngineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "visionps-heif-tests-" + Guid.NewGuid().ToString("N"));

    public ExternalDecoderEngineTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ExternalDecoderEngine Engine(Func<ExternalDecoder?>? find = null, TimeSpan? timeout = null) =>
        new(BuiltInImageEngine.Instance, find, timeout);

    // A photo-like source: gradient, shapes and noise, 8-bit, as a JPEG (the way phones hand pictures to heif-enc).
    private string Encode(string name, params string[] heifEncArgs)
    {
        string jpeg = Path.Combine(_folder, name + ".jpg");
        ReferenceTools.Run("convert", ["-size", "96x64", "gradient:orange-navy", "-fill", "white", "-draw", "circle 30,30 30,12", "-fill", "black", "-draw", "rectangle 60,10 90,20", "-depth", "8", "-quality", "95", jpeg], stdin: null);
        string output = Path.Combine(_folder, name);
        ReferenceTools.Run("heif-enc", [.. heifEncArgs, jpeg, "-o", output], stdin: null);
        return output;
    }

    [Theory]
    [InlineData("photo.heic", ImageFormat.Heic)]
    [InlineData("photo.avif", ImageFormat.Avif)]
    public void A_phone_format_decodes_like_ImageMagick_decodes_it(string name, ImageFormat format)
    {
        string path = Encode(name, format == ImageFormat.Avif ? ["-A"] : []);
        byte[] data = File.ReadAllBytes(path);
        ExternalDecoderEngine engine = Engine();

        ImageInfo info = engine.Identify(data, name);
        using PixelBuffer ours = engine.Decode(data, DecodeOptions.Default, name);

        Assert.Equal((format, 96, 64, 1, true), (info.Format, info.Width, info.Height, info.Orientation, info.IsLossy));
        Assert.True(engine.CanDecode(format));
        RawImage reference = MagickDecode(path);
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        // Both come from libheif's planes; ImageMagick does its own 4:2:0 upsampling and YCbCr conversion, which moves
        // pixels at sharp colour edges by up to ~20 levels (ImageMagick vs heif-convert: 48 dB).
        Assert.True(ImageCompare.Psnr(reference, ours) >= 40, $"PSNR {ImageCompare.Psnr(reference, ours):0.0} dB");
    }

    [Fact]
    public void Exif_orientation_inside_a_heic_is_not_applied_on_top_of_the_decoders_transforms()
    {
        // heif-enc keeps the JPEG's EXIF (orientation 6) as an Exif item and writes no irot: readers show it unturned.
        string jpeg = Path.Combine(_folder, "turned.jpg");
        ReferenceTools.Run("convert", ["-size", "80x40", "xc:white", "-fill", "red", "-draw", "rectangle 0,0 20,40", "-depth", "8", jpeg], stdin: null);
        File.WriteAllBytes(jpeg, WithExifOrientation(File.ReadAllBytes(jpeg), 6));
        string heic = Path.Combine(_folder, "turned.heic");
        ReferenceTools.Run("heif-enc", [jpeg, "-o", heic], stdin: null);
        byte[] data = File.ReadAllBytes(heic);

        ImageInfo info = Engine().Identify(data, "turned.heic");
        using PixelBuffer ours = Engine().Decode(data, DecodeOptions.Default, "turned.heic");

        Assert.Equal((80, 40, 1), (info.DisplayWidth, info.DisplayHeight, info.Orientation));
        RawImage reference = MagickDecode(heic);
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        Assert.True(ImageCompare.Psnr(reference, ours) >= 30, $"PSNR {ImageCompare.Psnr(reference, ours):0.0} dB"); // a hard red/white edge in 4:2:0
        Assert.True(ours.GetRow(20)[(5 * ours.BytesPerPixel) + 1] < 80 && ours.GetRow(20)[(70 * ours.BytesPerPixel) + 1] > 200, "red bar still on the left");
    }

    [Fact]
    public void Without_a_decoder_the_error_names_what_to_install_and_the_size()
    {
        byte[] data = File.ReadAllBytes(Encode("nodecoder.heic"));
        ExternalDecoderEngine engine = Engine(find: () => null);

        var e = Assert.Throws<ImageDecoderMissingException>(() => engine.Identify(data, "IMG_0001.HEIC"));

        Assert.False(engine.CanDecode(ImageFormat.Heic));
        Assert.Contains("'IMG_0001.HEIC' is a HEIC image (96x64)", e.Message);
        Assert.Contains(OperatingSystem.IsLinux() ? "apt-get install libheif-examples" : "ffmpeg", e.Message);
        Assert.Equal(ExternalDecoders.InstallHint, e.InstallHint);
    }

    [Fact]
    public void A_failing_decoder_is_reported_with_its_exit_code_and_message_and_its_folder_is_removed()
    {
        string log = Path.Combine(_folder, "args.txt");
        ExternalDecoder fake = Script("fail", $"echo \"$1\" > '{log}'\necho 'no decoder plugin for this codec' >&2\nexit 3");
        byte[] data = File.ReadAllBytes(Encode("fails.heic"));

        var e = Assert.Throws<ExternalDecoderFailedException>(() => Engine(() => fake).Decode(data, DecodeOptions.Default, "fails.heic"));

        Assert.Contains("exited with code 3: no decoder plugin for this codec", e.Message);
        string input = File.ReadAllText(log).Trim();
        Assert.EndsWith("input.heic", input);
        Assert.False(Directory.Exists(Path.GetDirectoryName(input)), "the temporary folder is deleted");
    }

    [Fact]
    public void A_decoder_that_hangs_is_killed_at_the_timeout()
    {
        ExternalDecoder fake = Script("hang", "exec sleep 300");
        byte[] data = File.ReadAllBytes(Encode("hangs.heic"));

        var e = Assert.Throws<ExternalDecoderFailedException>(() => Engine(() => fake, TimeSpan.FromMilliseconds(300)).Decode(data, DecodeOptions.Default, "hangs.heic"));

        Assert.Contains("did not finish within", e.Message);
    }

    [Fact]
    public void Output_larger_than_the_image_can_be_is_refused_before_it_is_read()
    {
        // 96x64 at 16 bits per RGBA sample is 49,152 bytes, plus 1 MiB of room: 2 MiB is not this image.
        ExternalDecoder fake = Script("flood", "head -c 2097152 /dev/zero > \"$2\"");
        byte[] data = File.ReadAllBytes(Encode("floods.heic"));

        var e = Assert.Throws<ExternalDecoderFailedException>(() => Engine(() => fake).Decode(data, DecodeOptions.Default, "floods.heic"));

        Assert.Contains("more than the", e.Message);
    }

    [Fact]
    public void The_pixel_limit_holds_before_the_decoder_runs()
    {
        string marker = Path.Combine(_folder, "ran.txt");
        ExternalDecoder fake = Script("marker", $"touch '{marker}'\nexit 1");
        byte[] data = File.ReadAllBytes(Encode("big.heic"));

        Assert.Throws<ImageTooLargeException>(() => Engine(() => fake).Decode(data, DecodeOptions.Default with { MaxPixels = 96 * 63 }, "big.heic"));

        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Other_formats_go_to_the_inner_engine_untouched()
    {
        byte[] png = BuiltInImageEngine.Instance.EncodePng(new PixelBuffer(3, 2, PixelLayout.Rgb24, new byte[18]));
        ExternalDecoderEngine engine = Engine(find: () => null);

        Assert.Equal(ImageFormat.Png, engine.Identify(png, "x.png").Format);
        Assert.True(engine.CanDecode(ImageFormat.Png));
        Assert.Throws<UnsupportedImageFormatException>(() => engine.StripMetadata(File.ReadAllBytes(Encode("strip.heic")), "strip.heic"));
    }

    // ImageMagick 6 (through libheif) writes HEIC straight to PAM in its YCbCr colour space, so it goes through a PNG first.
    private RawImage MagickDecode(string path)
    {
        string png = Path.Combine(_folder, Path.GetFileName(path) + ".magick.png");
        ReferenceTools.Run("convert", [path + "[0]", "-depth", "8", "PNG24:" + png], stdin: null);
        return ReferenceTools.MagickRgba(png);
    }

    // A stand-in decoder: a shell script, called with the same (input, output) arguments as heif-dec.
    private ExternalDecoder Script(string name, string body)
    {
        string path = Path.Combine(_folder, name + ".sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new ExternalDecoder(name, path, (input, output) => [input, output]);
    }

    // An APP1 Exif segment holding only Orientation, spliced in after SOI.
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] app1 = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int length = app1.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. app1, .. jpeg[2..]];
    }
}
