namespace VisionPS.Imaging.Memory;

/// <summary>
/// Exact-length reuse of the large pixel arrays (<see cref="PixelBuffer.Data"/> must be exactly width × height ×
/// bytes per pixel, which ArrayPool's power-of-two buckets cannot give). Photos from one camera share their sizes, so
/// a session preparing them reuses the same few arrays instead of allocating a large-object-heap array per step,
/// which is what made every ConvertTo-ImagePart a full gen-2 collection (issue 11 point 1).
/// </summary>
/// <remarks>
/// Arrays are zeroed when they come back, so a buffer handed out again never holds another image's pixels; at most
/// <see cref="MaxKeptBytes"/> are kept, oldest dropped first, and none once the engine is idle (<see cref="IdleTrim"/>).
/// Arrays below the large-object threshold are not kept: the gen-0 heap handles those well.
/// </remarks>
internal static class PixelArrayPool
{
    public const long MaxKeptBytes = 64L * 1024 * 1024;

    private const int SmallestKept = 85_000;

    private static readonly LinkedList<byte[]> Kept = new();
    private static long s_keptBytes;

    static PixelArrayPool() => IdleTrim.Register(Clear);

    public static byte[] Rent(int length)
    {
        ScratchArrays.Count(1);
        IdleTrim.NoteUse();
        if (length >= SmallestKept)
        {
            lock (Kept)
            {
                for (LinkedListNode<byte[]>? node = Kept.First; node is not null; node = node.Next)
                {
                    if (node.Value.Length == length)
                    {
                        Kept.Remove(node);
                        s_keptBytes -= length;
                        return node.Value;
                    }
                }
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    public static void Return(byte[] array)
    {
        ScratchArrays.Count(-1);
        if (array.Length < SmallestKept || array.Length > MaxKeptBytes)
        {
            return;
        }

        Array.Clear(array);
        lock (Kept)
        {
            Kept.AddFirst(array);
            s_keptBytes += array.Length;
            while (s_keptBytes > MaxKeptBytes && Kept.Last is { } oldest)
            {
                Kept.RemoveLast();
                s_keptBytes -= oldest.Value.Length;
            }
        }
    }

    private static void Clear()
    {
        lock (Kept)
        {
            Kept.Clear();
            s_keptBytes = 0;
        }
    }
}
