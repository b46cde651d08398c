namespace VisionPS.Imaging.External;

/// <summary>A program on PATH that turns a HEIC/AVIF file into a PNG, and the arguments it takes to do so.</summary>
/// <param name="Name">The program's name as the user knows it (heif-dec, ffmpeg, sips).</param>
/// <param name="Path">Its full path, as found on PATH.</param>
/// <param name="Arguments">The argument list for an input and an output file (no shell is involved).</param>
public sealed record ExternalDecoder(string Name, string Path, Func<string, string, IReadOnlyList<string>> Arguments);
