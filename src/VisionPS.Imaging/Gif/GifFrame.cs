namespace VisionPS.Imaging.Gif;

/// <summary>An image descriptor (GIF89a spec section 20): the frame's rectangle on the logical screen and its flags.</summary>
internal readonly record struct GifFrame(int Left, int Top, int Width, int Height, bool Interlaced, int LocalColourTableBytes)
{
    public int Right => Left + Width;

    public int Bottom => Top + Height;

    // separator(1, already read) left(2) top(2) width(2) height(2) packed(1): bit 7 local table, bit 6 interlace, bits 0-2 size.
    public static GifFrame Read(ref GifByteReader reader)
    {
        const string What = "image descriptor";
        int left = reader.ReadUInt16(What), top = reader.ReadUInt16(What), width = reader.ReadUInt16(What), height = reader.ReadUInt16(What);
        byte packed = reader.ReadByte(What);
        return new GifFrame(left, top, width, height, (packed & 0x40) != 0, GifColourTable.Bytes(packed));
    }

    /// <summary>Frame row for each stored row: interlaced frames store rows 0, 8, 16.. then 4, 12.. then 2, 6.. then 1, 3..</summary>
    public int[] RowOrder()
    {
        var order = new int[Height];
        if (!Interlaced)
        {
            for (int i = 0; i < Height; i++)
            {
                order[i] = i;
            }

            return order;
        }

        int n = 0;
        foreach ((int start, int step) in new[] { (0, 8), (4, 8), (2, 4), (1, 2) })
        {
            for (int y = start; y < Height; y += step)
            {
                order[n++] = y;
            }
        }

        return order;
    }
}
