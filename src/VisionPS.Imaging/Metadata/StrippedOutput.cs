namespace VisionPS.Imaging.Metadata;

/// <summary>The kept parts of a file, appended in order; never longer than the input.</summary>
internal sealed class StrippedOutput(int capacity)
{
    private readonly byte[] buffer = new byte[capacity];

    public int Length { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>The written bytes, for patching a header field already appended.</summary>
    public Span<byte> Written => buffer.AsSpan(0, Length);

    public byte[] ToArray() => buffer.AsSpan(0, Length).ToArray();
}
