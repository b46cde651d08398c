namespace VisionPS.Imaging.Png.Encoder;

/// <summary>
/// Write-only stream that cuts the zlib data written to it into IDAT chunks of <see cref="ChunkSize"/> bytes (the
/// last one shorter), so a reader never needs one huge chunk in memory and the CRCs cover modest spans.
/// </summary>
internal sealed class IdatChunkStream(Stream output) : Stream
{
    public const int ChunkSize = 64 * 1024;

    private readonly byte[] pending = new byte[ChunkSize];
    private int count;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int length) => Write(buffer.AsSpan(offset, length));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, ChunkSize - count);
            buffer[..take].CopyTo(pending.AsSpan(count));
            count += take;
            buffer = buffer[take..];
            if (count == ChunkSize)
            {
                EmitChunk();
            }
        }
    }

    /// <summary>Writes what is left as the last IDAT chunk; call once the zlib stream is closed.</summary>
    public void Complete()
    {
        if (count > 0)
        {
            EmitChunk();
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void EmitChunk()
    {
        PngChunkWriter.Write(output, "IDAT"u8, pending.AsSpan(0, count));
        count = 0;
    }
}
