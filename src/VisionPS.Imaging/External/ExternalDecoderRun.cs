namespace VisionPS.Imaging.External;

/// <summary>
/// Runs one decoder on one file: a plain process with an argument list (no shell), in a temporary folder of its own
/// that is deleted afterwards, killed with its children after a timeout, its PNG size-checked before it is read.
/// </summary>
internal static class ExternalDecoderRun
{
    /// <summary>The most bytes of error output kept for the message.</summary>
    private const int MaxErrorText = 600;

    /// <returns>The PNG the decoder wrote.</returns>
    /// <exception cref="ExternalDecoderFailedException">It failed, timed out, wrote nothing or wrote too much.</exception>
    public static byte[] ToPng(ExternalDecoder decoder, ReadOnlySpan<byte> data, ImageFormat format, long maxOutputBytes, TimeSpan timeout, string? sourceName)
    {
        string folder = Path.Combine(Path.GetTempPath(), "visionps-decode-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string input = Path.Combine(folder, format == ImageFormat.Avif ? "input.avif" : "input.heic");
            string output = Path.Combine(folder, "output.png");
            File.WriteAllBytes(input, data.ToArray());
            Run(decoder, decoder.Arguments(input, output), timeout, format, sourceName);

            var written = new FileInfo(output);
            if (!written.Exists || written.Length == 0)
            {
                throw new ExternalDecoderFailedException(format, decoder.Name, "it wrote no image", sourceName);
            }

            if (written.Length > maxOutputBytes)
            {
                throw new ExternalDecoderFailedException(format, decoder.Name, $"its output is {written.Length:N0} bytes, more than the {maxOutputBytes:N0} allowed for this image", sourceName);
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A decoder killed a moment ago may still hold its output open on Windows; the temp folder is the OS's to clean.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void Run(ExternalDecoder decoder, IReadOnlyList<string> arguments, TimeSpan timeout, ImageFormat format, string? sourceName)
    {
        int exitCode;
        string errors;
        try
        {
            // The decoder writes its PNG to a file; what it prints is only drained (capped) so it never blocks on a pipe.
            (exitCode, _, errors) = ExternalTool.At(decoder.Path).Run(arguments, maxOutput: 1024 * 1024, timeout);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ExternalDecoderFailedException(format, decoder.Name, $"it could not be started ({e.Message})", sourceName);
        }
        catch (TimeoutException)
        {
            throw new ExternalDecoderFailedException(format, decoder.Name, $"it did not finish within {timeout.TotalSeconds:0} s", sourceName);
        }
        catch (InvalidDataException e)
        {
            throw new ExternalDecoderFailedException(format, decoder.Name, $"it printed too much ({e.Message})", sourceName);
        }

        if (exitCode != 0)
        {
            string detail = errors.Length == 0 ? string.Empty : $": {(errors.Length > MaxErrorText ? errors[..MaxErrorText] : errors)}";
            throw new ExternalDecoderFailedException(format, decoder.Name, $"it exited with code {exitCode}{detail}", sourceName);
        }
    }
}
