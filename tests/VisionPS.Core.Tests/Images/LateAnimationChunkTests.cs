using System.Buffers.Binary;
using System.Text;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Tests.TestServer;
using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Core.Tests.Images;

/// <summary>
/// An APNG whose acTL follows more than the 4 KB a file is first sniffed by (a long text chunk after IHDR, which the
/// PNG spec allows) is still read as frames: an input read whole is sniffed whole, with no second read.
/// </summary>
public sealed class LateAnimationChunkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("visionps-lateactl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Frames of red, lime and blue by Debian's ffmpeg, then a 6,000-byte tEXt chunk put between IHDR and acTL.
    private (string Plain, string Late) Apngs()
    {
        string plain = Path.Combine(_dir, "plain.png");
        var args = new List<string> { "-nostdin", "-v", "error", "-y" };
        foreach (string colour in new[] { "red", "lime", "blue" })
        {
            args.AddRange(["-f", "lavfi", "-i", $"color=c={colour}:s=32x24:r=2:d=0.5"]);
        }

        args.AddRange(["-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1[v]", "-map", "[v]", "-pix_fmt", "rgba", "-plays", "0", "-f", "apng", plain]);
        ReferenceTools.Run("ffmpeg", args, stdin: null);

        byte[] bytes = File.ReadAllBytes(plain);
        const int AfterIhdr = 8 + 4 + 4 + 13 + 4;
        byte[] text = [.. "Comment"u8, 0, .. Encoding.ASCII.GetBytes(new string('x', 6000))];
        byte[] chunk = new byte[12 + text.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)text.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        text.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + text.Length), TestPng.Crc32(chunk.AsSpan(4, 4 + text.Length)));
        string late = Path.Combine(_dir, "late.png");
        File.WriteAllBytes(late, [.. bytes[..AfterIhdr], .. chunk, .. bytes[AfterIhdr..]]);
        return (plain, late);
    }

    [Fact]
    public void An_APNG_whose_acTL_is_past_the_first_4_KB_is_read_as_its_frames()
    {
        (string plain, string late) = Apngs();
        var frames = new ImagePreparationOptions { Model = "gpt-4o", Sources = new SourceOptions { AnimationFrames = true, MaxFrames = 10 } };
        byte[] lateBytes = File.ReadAllBytes(late);
        Assert.Null(ImageSources.Find(lateBytes.AsSpan(0, ImageSources.HeaderLength), frames.Sources));

        IReadOnlyList<ImagePart> fromLate = ImagePartFactory.ReadFile(late, null, frames);
        IReadOnlyList<ImagePart> fromPlain = ImagePartFactory.ReadFile(plain, null, frames);
        IReadOnlyList<ImagePart> fromBytes = ImagePartFactory.ReadBytes(lateBytes, "late.png", null, frames);

        Assert.True(fromPlain.Count > 1, $"{fromPlain.Count} frame(s) from the plain APNG");
        Assert.Equal(fromPlain.Select(p => p.ToUrl()), fromLate.Select(p => p.ToUrl()));
        Assert.Equal(fromPlain.Select(p => p.ToUrl()), fromBytes.Select(p => p.ToUrl()));
        Assert.All(fromLate, p => Assert.Equal("frame", p.OriginKind));
    }
}
