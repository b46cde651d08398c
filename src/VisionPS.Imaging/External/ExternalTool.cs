using System.Diagnostics;
using System.Text;

namespace VisionPS.Imaging.External;

/// <summary>
/// A program found on PATH, run with an argument list (never through a shell), its output read with a cap and its run
/// bounded by a timeout so a hostile file cannot stall a session. The one way VisionPS runs another program: ffmpeg and
/// ffprobe for video frames, the HEIC/AVIF decoders.
/// </summary>
internal sealed class ExternalTool
{
    private ExternalTool(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The program <paramref name="name"/> in a PATH directory (with .exe on Windows); null when there is none.</summary>
    public static ExternalTool? Find(string name) => Find(name, Environment.GetEnvironmentVariable("PATH"));

    /// <summary>The program at <paramref name="path"/>, already found.</summary>
    public static ExternalTool At(string path) => new(path);

    /// <summary>
    /// The program <paramref name="name"/> in one of <paramref name="pathVariable"/>'s directories: an executable file
    /// (on Windows name.exe, .cmd or .bat); null when there is none.
    /// </summary>
    public static ExternalTool? Find(string name, string? pathVariable)
    {
        if (string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        string[] extensions = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat"] : [string.Empty];
        foreach (string directory in pathVariable.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (string extension in extensions)
            {
                string candidate;
                try
                {
                    candidate = System.IO.Path.Combine(directory.Trim('"'), name + extension);
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || IsExecutable(candidate)))
                {
                    return new ExternalTool(candidate);
                }
            }
        }

        return null;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsExecutable(string file) =>
        (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>Runs the program; returns its exit code, standard output (at most <paramref name="maxOutput"/> bytes) and the end of its standard error.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it is killed).</exception>
    /// <exception cref="InvalidDataException">It wrote more than <paramref name="maxOutput"/> bytes (it is killed).</exception>
    public (int ExitCode, byte[] Output, string Error) Run(IReadOnlyList<string> arguments, long maxOutput, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{Path}' could not be started.");
        process.StandardInput.Close();
        var error = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (error)
                {
                    if (error.Length < 4096)
                    {
                        error.AppendLine(e.Data);
                    }
                }
            }
        };
        process.BeginErrorReadLine();

        Task<byte[]> output = ReadCappedAsync(process.StandardOutput.BaseStream, maxOutput);
        bool finished;
        try
        {
            finished = output.Wait(timeout) && process.WaitForExit(timeout);
        }
        catch (AggregateException ex)
        {
            Kill(process);
            throw ex.InnerException!;
        }

        if (!finished)
        {
            Kill(process);
            throw new TimeoutException($"{System.IO.Path.GetFileName(Path)} did not finish within {timeout.TotalSeconds:0} seconds.");
        }

        process.WaitForExit();
        lock (error)
        {
            return (process.ExitCode, output.Result, error.ToString().Trim());
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream stream, long maxOutput)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxOutput)
            {
                throw new InvalidDataException($"the output went past {maxOutput / (1024 * 1024)} MiB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
    }
}
