namespace VisionPS.Imaging.Sources.Pdf;

/// <summary>
/// Refuses a PDF whose cross-reference table is malformed before PdfPig opens it. PdfPig 0.1.16 then looks for objects
/// on its own and, resolving a stream's indirect /Length, can recurse until the stack overflows, which ends the process
/// (a PowerShell session with it): afl-fuzz found two such files (fuzz/regressions/pdf/crashes-*). One linear pass over the file.
/// </summary>
/// <remarks>
/// Each entry must be 10 digits, a space, 5 digits, a space and n or f (ISO 32000-1 7.5.4); the end of line may be one
/// or two bytes, so a file whose line ends were converted still passes. Cross-reference streams are PdfPig's to check.
/// </remarks>
internal static class PdfCrossReferenceCheck
{
    /// <summary>Where the first malformed table starts; null when every table is well formed.</summary>
    public static int? FindMalformedTable(ReadOnlySpan<byte> pdf)
    {
        int at = 0;
        while (at < pdf.Length && pdf[at..].IndexOf("xref"u8) is var found and >= 0)
        {
            int keyword = at + found;
            at = keyword + 4;
            bool standsAlone = (keyword == 0 || IsWhite(pdf[keyword - 1])) && at < pdf.Length && IsWhite(pdf[at]);
            if (standsAlone && !WellFormed(pdf, at))
            {
                return keyword;
            }
        }

        return null;
    }

    // Subsections ("first count" and count entries) up to the trailer.
    private static bool WellFormed(ReadOnlySpan<byte> pdf, int position)
    {
        while (true)
        {
            position = SkipWhite(pdf, position);
            if (position >= pdf.Length || pdf[position..].StartsWith("trailer"u8))
            {
                return true;
            }

            if (Digits(pdf, ref position, max: 10) == 0)
            {
                return false;
            }

            position = SkipWhite(pdf, position);
            int start = position;
            if (Digits(pdf, ref position, max: 10) == 0 || !long.TryParse(pdf[start..position], out long count) || count > (pdf.Length - position) / 18)
            {
                return false;
            }

            for (long i = 0; i < count; i++)
            {
                position = SkipWhite(pdf, position);
                if (Digits(pdf, ref position, max: 10) != 10 || !Space(pdf, ref position)
                    || Digits(pdf, ref position, max: 5) != 5 || !Space(pdf, ref position)
                    || position >= pdf.Length || pdf[position] is not ((byte)'n' or (byte)'f'))
                {
                    return false;
                }

                position++;
            }
        }
    }

    private static int Digits(ReadOnlySpan<byte> pdf, ref int position, int max)
    {
        int start = position;
        while (position < pdf.Length && position - start < max && pdf[position] is >= (byte)'0' and <= (byte)'9')
        {
            position++;
        }

        return position - start;
    }

    private static bool Space(ReadOnlySpan<byte> pdf, ref int position)
    {
        if (position < pdf.Length && pdf[position] == (byte)' ')
        {
            position++;
            return true;
        }

        return false;
    }

    private static int SkipWhite(ReadOnlySpan<byte> pdf, int position)
    {
        while (position < pdf.Length && IsWhite(pdf[position]))
        {
            position++;
        }

        return position;
    }

    private static bool IsWhite(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0;
}
