namespace VisionPS.Core.Imaging;

/// <summary>
/// The bytes a header reader works on: the whole image, or a prefix of a stream that may be followed by more.
/// Every access is bounds-checked with 64-bit arithmetic, so offsets taken from the file can never overflow.
/// </summary>
/// <remarks>
/// Readers call <see cref="Read"/> for fields they cannot do without (a missing field throws
/// <see cref="HeaderTruncatedException"/>) and <see cref="Has"/> for optional metadata walked after those fields
/// (false once the data is known to end there, so the reader returns what it has).
/// While more bytes may follow, both throw <see cref="HeaderTruncatedException"/> so the stream reader can fetch
/// more and run the reader again; a reader therefore never decides anything from a prefix that the rest of the data could change.
/// </remarks>
internal readonly ref struct HeaderBytes
{
    private readonly ReadOnlySpan<byte> bytes;

    public HeaderBytes(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        this.bytes = bytes;
        IsComplete = isComplete;
    }

    /// <summary>True when no bytes follow these (the whole image, or a stream at its end or its reading limit).</summary>
    public bool IsComplete { get; }

    public int Length => bytes.Length;

    /// <summary>True when <c>[offset, offset + count)</c> is inside the data; false when it is not and the data is complete.</summary>
    /// <exception cref="HeaderTruncatedException">The range is not available yet but more bytes may follow.</exception>
    public bool Has(long offset, long count)
    {
        if (offset >= 0 && count >= 0 && offset <= bytes.Length - count)
        {
            return true;
        }

        if (!IsComplete)
        {
            throw new HeaderTruncatedException(RequiredLength(offset, count), "optional metadata");
        }

        return false;
    }

    /// <summary>Like <see cref="Has"/>, and gives the range when it is there.</summary>
    /// <exception cref="HeaderTruncatedException">The range is not available yet but more bytes may follow.</exception>
    public bool TryRead(long offset, long count, out ReadOnlySpan<byte> span)
    {
        if (Has(offset, count))
        {
            span = bytes.Slice((int)offset, (int)count);
            return true;
        }

        span = default;
        return false;
    }

    /// <summary>The bytes <c>[offset, offset + count)</c>.</summary>
    /// <param name="offset">Start offset.</param>
    /// <param name="count">Number of bytes.</param>
    /// <param name="what">What is being read, for the error message ("IHDR chunk", "SOF0 frame header").</param>
    /// <exception cref="HeaderTruncatedException">The data ends before the range does.</exception>
    public ReadOnlySpan<byte> Read(long offset, int count, string what)
    {
        Require(offset, count, what);
        return bytes.Slice((int)offset, count);
    }

    /// <summary>Throws unless <c>[offset, offset + count)</c> is inside the data (e.g. a segment that has to be skipped whole).</summary>
    /// <exception cref="HeaderTruncatedException">The data ends before the range does.</exception>
    public void Require(long offset, long count, string what)
    {
        if (offset < 0 || count < 0 || offset > bytes.Length - count)
        {
            throw new HeaderTruncatedException(RequiredLength(offset, count), what);
        }
    }

    /// <summary>The bytes from <paramref name="offset"/> to the end of the available data (empty when outside).</summary>
    public ReadOnlySpan<byte> From(long offset) =>
        offset >= 0 && offset <= bytes.Length ? bytes[(int)offset..] : ReadOnlySpan<byte>.Empty;

    // Offsets come from 32-bit file fields plus small constants, so the sum stays far from long.MaxValue.
    private static long RequiredLength(long offset, long count) => Math.Max(0, offset) + Math.Max(0, count);
}
