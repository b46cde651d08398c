namespace VisionPS.Imaging;

/// <summary>
/// The bytes a header reader works on: the whole image, or a prefix of a stream that may be followed by more.
/// Every access is bounds-checked with 64-bit arithmetic, so offsets taken from the file can never overflow.
/// </summary>
/// <remarks>
/// Readers call <see cref="Read"/> for fields they cannot do without (a missing field throws
/// <see cref="HeaderTruncatedException"/>) and <see cref="TryRead"/> for optional metadata walked after those fields
/// (false once the data is known to end there, so the reader returns what it has).
/// While more bytes may follow, both throw <see cref="HeaderTruncatedException"/> so the stream reader can fetch
/// more and run the reader again; a reader therefore never decides anything from a prefix that the rest of the data could change.
/// </remarks>
internal readonly ref struct HeaderBytes
{
    public HeaderBytes(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        Span = bytes;
        IsComplete = isComplete;
    }

    /// <summary>All the bytes available so far.</summary>
    public ReadOnlySpan<byte> Span { get; }

    /// <summary>True when no bytes follow these (the whole image, or a stream at its end or its reading limit).</summary>
    public bool IsComplete { get; }

    public int Length => Span.Length;

    /// <summary>Gives <c>[offset, offset + count)</c> when it is inside the data; false when it is not and the data is complete.</summary>
    /// <exception cref="HeaderTruncatedException">The range is not available yet but more bytes may follow.</exception>
    public bool TryRead(long offset, long count, out ReadOnlySpan<byte> span)
    {
        if (Contains(offset, count))
        {
            span = Span.Slice((int)offset, (int)count);
            return true;
        }

        if (!IsComplete)
        {
            throw new HeaderTruncatedException(RequiredLength(offset, count), "optional metadata");
        }

        span = default;
        return false;
    }

    /// <summary>The bytes <c>[offset, offset + count)</c>.</summary>
    /// <param name="offset">Start offset.</param>
    /// <param name="count">Number of bytes.</param>
    /// <param name="what">What is being read, for the error message ("IHDR chunk", "SOF0 frame header").</param>
    /// <exception cref="HeaderTruncatedException">The data ends before the range does.</exception>
    public ReadOnlySpan<byte> Read(long offset, int count, string what) =>
        Contains(offset, count) ? Span.Slice((int)offset, count) : throw new HeaderTruncatedException(RequiredLength(offset, count), what);

    private bool Contains(long offset, long count) => offset >= 0 && count >= 0 && offset <= Span.Length - count;

    // Offsets come from 32-bit file fields plus small constants, so the sum stays far from long.MaxValue.
    private static long RequiredLength(long offset, long count) => Math.Max(0, offset) + Math.Max(0, count);
}
