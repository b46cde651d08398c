using VisionPS.Imaging;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests;

/// <summary>
/// Deterministic mutation test over every file in shared/testdata/images (and a few built in code): bit flips, truncations, header size fields
/// overwritten with 0xFF or 0x00, length fields zeroed or maxed, and spliced regions. Identify must return a sane
/// ImageInfo or throw an ImageFormatException subtype, and the stream overload must agree with the span overload.
/// </summary>
public class ImageIdentifierMutationTests(ITestOutputHelper output)
{
    private const int MutationCount = 2000;
    private const int Seed = 20_251_121;
    private const int HeaderRegion = 1024;

    [Fact]
    public void Identify_MutatedFiles_ReturnSaneInfoOrThrowImageFormatException()
    {
        var random = new Random(Seed);
        (string Name, ImageFormat Format, byte[] Bytes)[] corpus = [.. Corpus()];
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();

        for (int i = 0; i < MutationCount; i++)
        {
            var (name, format, bytes) = corpus[i % corpus.Length]; // round-robin: every file gets its share
            (byte[] mutated, string mutation) = Mutate(bytes, format, random);
            string label = $"#{i} {name} ({mutation})";

            _ = ImageIdentifier.DetectFormat(mutated); // must not throw either
            IdentifyOutcome fromSpan = IdentifyOutcome.Of(() => ImageIdentifier.Identify(mutated, label));
            IdentifyOutcome fromStream = IdentifyOutcome.Of(() => ImageIdentifier.Identify(new TrickleReadStream(mutated, maxChunk: 4099), label));

            string? problem = Check(fromSpan);
            if (problem is null && fromStream != fromSpan)
            {
                problem = $"stream overload gave {fromStream}, span overload {fromSpan}";
            }

            if (problem is not null)
            {
                failures.Add($"{label}: {problem}");
            }

            string kind = fromSpan.ExceptionType?.Name ?? "returned ImageInfo";
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {MutationCount} mutations misbehaved:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
    }

    // Every manifest file, plus a few built in code that reach paths the real files do not (EXIF in both byte orders,
    // legacy PNG EXIF in zTXt, WebP EXIF, APNG, HEIC item properties).
    private static IEnumerable<(string Name, ImageFormat Format, byte[] Bytes)> Corpus()
    {
        foreach (ImageManifestEntry entry in ImageManifest.Entries)
        {
            yield return (entry.Path, entry.ExpectedFormat, File.ReadAllBytes(entry.FullPath));
        }

        yield return ("synthetic EXIF JPEG (MM)", ImageFormat.Jpeg, SyntheticImages.Jpeg(40, 30, SyntheticImages.ExifOrientation(6, littleEndian: false)));
        yield return ("synthetic EXIF JPEG (II)", ImageFormat.Jpeg, SyntheticImages.Jpeg(40, 30, SyntheticImages.Tiff(true, 8, (0x010F, 2, 4, 0), (0x0112, 3, 1, 8))));
        yield return ("synthetic APNG + zTXt EXIF", ImageFormat.Png, SyntheticImages.Png(20, 10, chunks: [SyntheticImages.AnimationControl(4), SyntheticImages.LegacyExifCompressedText(SyntheticImages.ExifOrientation(3, true))]));
        yield return ("synthetic WebP EXIF", ImageFormat.WebP, SyntheticImages.WebPExtended(30, 20, 0x0A, ("ANMF", new byte[17]), ("EXIF", SyntheticImages.ExifOrientation(5, false))));
        yield return ("synthetic HEIC", ImageFormat.Heic, SyntheticImages.HeicWithExtents(paddingInMeta: 0));
    }

    private static string? Check(IdentifyOutcome outcome)
    {
        if (outcome.ExceptionType is { } type)
        {
            return type.IsSubclassOf(typeof(ImageFormatException)) ? null : $"threw {type.Name}: {outcome.Message}";
        }

        ImageInfo info = outcome.Info!;
        bool sane = info.Width >= 1 && info.Height >= 1 && info.Orientation is >= 1 and <= 8 && info.FrameCount >= 1
            && info.Format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Gif or ImageFormat.WebP or ImageFormat.Bmp;
        return sane ? null : $"returned an impossible {info}";
    }

    private static (byte[] Data, string Description) Mutate(byte[] original, ImageFormat format, Random random)
    {
        if (original.Length == 0)
        {
            byte[] noise = new byte[random.Next(1, 16)];
            random.NextBytes(noise);
            return (noise, "random bytes");
        }

        byte[] data = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                int flips = random.Next(1, 5);
                for (int i = 0; i < flips; i++)
                {
                    data[Position(data.Length, random)] ^= (byte)(1 << random.Next(8));
                }

                return (data, $"{flips} bit flips");
            case 1:
                int length = random.Next(2) == 0 ? random.Next(Math.Min(data.Length, HeaderRegion)) : random.Next(data.Length);
                return (data[..length], $"truncated to {length}");
            case 2:
                (int start, int end) = SizeField(data, format);
                byte fill = random.Next(3) == 0 ? (byte)0x00 : (byte)0xFF;
                int from = random.Next(start, end);
                int to = random.Next(from + 1, end + 1);
                Array.Fill(data, fill, from, to - from);
                return (data, $"bytes {from}..{to} of the size field set to {fill:X2}");
            case 3:
                int at = random.Next(Math.Min(data.Length, 256));
                int count = Math.Min(random.Next(1, 5), data.Length - at);
                byte value = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
                Array.Fill(data, value, at, count);
                return (data, $"{count} bytes at {at} set to {value:X2}");
            default:
                int size = Math.Min(random.Next(8, 65), data.Length);
                int source = random.Next(data.Length - size + 1);
                int target = Position(data.Length - size + 1, random);
                Array.Copy(original, source, data, target, size);
                return (data, $"{size} bytes from {source} copied to {target}");
        }
    }

    // Mostly inside the first KiB, where the headers are.
    private static int Position(int length, Random random) =>
        random.Next(10) < 7 ? random.Next(Math.Min(length, HeaderRegion)) : random.Next(length);

    // Where each format keeps its width and height (clamped to the data); the first 32 bytes when unknown.
    private static (int Start, int End) SizeField(byte[] data, ImageFormat format)
    {
        (int start, int end) = format switch
        {
            ImageFormat.Png => (16, 24),
            ImageFormat.Gif => (6, 10),
            ImageFormat.Bmp => (18, 26),
            ImageFormat.WebP => (20, 30),
            ImageFormat.Jpeg => JpegFrameHeaderSize(data),
            ImageFormat.Heic => (data.Length - 104, data.Length - 96), // the primary ispe: 20-byte box before ipma (24) and mdat (72)
            _ => (0, 32),
        };
        end = Math.Min(end, data.Length);
        start = Math.Min(start, end - 1);
        return (start, end);
    }

    // Naive scan for an SOFn marker; good enough to aim at the height/width bytes of these files.
    private static (int Start, int End) JpegFrameHeaderSize(byte[] data)
    {
        for (int i = 2; i + 9 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] is 0xC0 or 0xC1 or 0xC2 or 0xC3 or 0xC9 or 0xCA or 0xCB)
            {
                return (i + 5, i + 9);
            }
        }

        return (0, 32);
    }
}
