using System.Diagnostics;
using System.Text;

namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>
/// Runs Debian's reference tools (libjpeg-turbo's djpeg/cjpeg, ImageMagick's convert) so imaging tests compare against
/// them and never against our own output. <c>.ci/run</c> installs them; elsewhere:
/// <c>apt-get install imagemagick libjpeg-turbo-progs</c>.
/// </summary>
public static class ReferenceTools
{
    public const string InstallHint = "apt-get install imagemagick libjpeg-turbo-progs (.ci/run installs them)";

    /// <summary>libjpeg-turbo's decode as RGB (grayscale expanded), optionally with IDCT scaling ("1/2", "1/4", "1/8").</summary>
    public static RawImage Djpeg(string path, string? scale = null)
    {
        var args = new List<string> { "-pnm" };
        if (scale is not null)
        {
            args.Add("-scale");
            args.Add(scale);
        }

        args.Add(path);
        return Netpbm.Parse(Run("djpeg", args, stdin: null)).ToRgb();
    }

    /// <summary>djpeg reading JPEG bytes from stdin (e.g. our encoder's output).</summary>
    public static RawImage Djpeg(byte[] jpeg) => Netpbm.Parse(Run("djpeg", ["-pnm"], jpeg)).ToRgb();

    /// <summary>
    /// ImageMagick's decode of <paramref name="path"/> (first frame) as 8-bit RGBA; <paramref name="extraArgs"/> go after
    /// the input (e.g. "-coalesce"). Uses PAM so the size comes with the pixels.
    /// </summary>
    public static RawImage MagickRgba(string path, params string[] extraArgs) =>
        Netpbm.Parse(Run("convert", [path + "[0]", .. extraArgs, "-depth", "8", "-alpha", "on", "pam:-"], stdin: null));

    /// <summary>ImageMagick's decode of in-memory bytes (the format is sniffed), as 8-bit RGBA.</summary>
    public static RawImage MagickRgba(byte[] data) =>
        Netpbm.Parse(Run("convert", ["-[0]", "-depth", "8", "-alpha", "on", "pam:-"], data));

    /// <summary>Runs a tool and returns its standard output; fails with the tool's stderr, or with how to install it.</summary>
    public static byte[] Run(string tool, IReadOnlyList<string> args, byte[]? stdin)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"'{tool}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The reference tool '{tool}' is not installed: {InstallHint}.", e);
        }

        using (process)
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            var output = new MemoryStream();
            Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            if (stdin is not null)
            {
                try
                {
                    process.StandardInput.BaseStream.Write(stdin);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The tool stopped reading (it failed); its exit code and stderr say why.
                }
            }

            copy.GetAwaiter().GetResult();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.GetAwaiter().GetResult()}");
            }

            return output.ToArray();
        }
    }
}

/// <summary>Pixels from a reference tool: 8-bit, interleaved, <see cref="Channels"/> samples per pixel (1, 3 or 4).</summary>
public sealed record RawImage(int Width, int Height, int Channels, byte[] Data)
{
    public RawImage ToRgb()
    {
        if (Channels == 3)
        {
            return this;
        }

        var rgb = new byte[Width * Height * 3];
        for (int i = 0, n = Width * Height; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                rgb[(i * 3) + c] = Data[(i * Channels) + (Channels == 1 ? 0 : c)];
            }
        }

        return new RawImage(Width, Height, 3, rgb);
    }
}

/// <summary>Reads binary PGM (P5), PPM (P6) and PAM (P7) with maxval 255.</summary>
public static class Netpbm
{
    public static RawImage Parse(byte[] file)
    {
        int pos = 0;
        string magic = Token(file, ref pos);
        int width, height, channels, maxval;
        if (magic == "P7")
        {
            width = height = channels = maxval = 0;
            while (true)
            {
                string key = Token(file, ref pos);
                if (key == "ENDHDR")
                {
                    break;
                }

                string value = Token(file, ref pos);
                switch (key)
                {
                    case "WIDTH": width = int.Parse(value); break;
                    case "HEIGHT": height = int.Parse(value); break;
                    case "DEPTH": channels = int.Parse(value); break;
                    case "MAXVAL": maxval = int.Parse(value); break;
                    case "TUPLTYPE": SkipLine(file, ref pos); break;
                }
            }
        }
        else
        {
            channels = magic switch { "P5" => 1, "P6" => 3, _ => throw new FormatException($"Not a binary netpbm file: '{magic}'.") };
            width = int.Parse(Token(file, ref pos));
            height = int.Parse(Token(file, ref pos));
            maxval = int.Parse(Token(file, ref pos));
        }

        if (maxval != 255)
        {
            throw new FormatException($"Expected maxval 255, got {maxval}.");
        }

        pos++; // the single whitespace byte after the header
        int length = width * height * channels;
        return new RawImage(width, height, channels, file.AsSpan(pos, length).ToArray());
    }

    private static string Token(byte[] file, ref int pos)
    {
        while (true)
        {
            while (char.IsWhiteSpace((char)file[pos]))
            {
                pos++;
            }

            if (file[pos] != '#')
            {
                break;
            }

            SkipLine(file, ref pos);
        }

        int start = pos;
        while (!char.IsWhiteSpace((char)file[pos]))
        {
            pos++;
        }

        return Encoding.ASCII.GetString(file, start, pos - start);
    }

    private static void SkipLine(byte[] file, ref int pos)
    {
        while (file[pos] != '\n')
        {
            pos++;
        }
    }
}
