using System.Text;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>Minimal hostile PDFs written byte by byte (with a correct cross-reference table), for what no tool makes.</summary>
internal static class HandMadePdf
{
    public static byte[] WithPageCount(int declaredPages) => Build(
        "<< /Type /Catalog /Pages 2 0 R >>",
        $"<< /Type /Pages /Kids [3 0 R] /Count {declaredPages} >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>");

    public static byte[] WithPages(int pages)
    {
        var objects = new List<object>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(3, pages).Select(n => $"{n} 0 R"))}] /Count {pages} >>",
        };
        objects.AddRange(Enumerable.Repeat<object>("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>", pages));
        return Build([.. objects]);
    }

    public static byte[] WithImage(int width, int height, string? filter, byte[] data, int bitsPerComponent = 8)
    {
        string content = "q 100 0 0 100 0 0 cm /Im0 Do Q";
        return Build(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            Stream($"<< /Length {content.Length} >>", Encoding.ASCII.GetBytes(content)),
            Stream($"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent {bitsPerComponent}{(filter is null ? string.Empty : $" /Filter /{filter}")} /Length {data.Length} >>", data));
    }

    /// <summary>One page drawing a JPEG at one point per pixel (or with <paramref name="matrix"/> on a <paramref name="page"/>
    /// of that size), /Rotate set on the page tree (inherited) or on the page.</summary>
    public static byte[] WithJpegPage(byte[] jpeg, int width, int height, int? treeRotate, int? pageRotate, string? matrix = null, (int Width, int Height)? page = null)
    {
        string content = $"q {matrix ?? $"{width} 0 0 {height} 0 0"} cm /Im0 Do Q";
        return Build(
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [3 0 R] /Count 1{(treeRotate is { } t ? $" /Rotate {t}" : string.Empty)} >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page?.Width ?? width} {page?.Height ?? height}]{(pageRotate is { } p ? $" /Rotate {p}" : string.Empty)} /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            Stream($"<< /Length {content.Length} >>", Encoding.ASCII.GetBytes(content)),
            Stream($"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {jpeg.Length} >>", jpeg));
    }

    private static byte[] Stream(string dictionary, byte[] data) =>
        [.. Encoding.ASCII.GetBytes(dictionary + "\nstream\n"), .. data, .. Encoding.ASCII.GetBytes("\nendstream")];

    private static byte[] Build(params object[] objects)
    {
        var file = new MemoryStream();
        void Write(string text) => file.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.7\n");
        var offsets = new List<long>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(file.Position);
            Write($"{i + 1} 0 obj\n");
            if (objects[i] is byte[] bytes)
            {
                file.Write(bytes);
            }
            else
            {
                Write((string)objects[i]);
            }

            Write("\nendobj\n");
        }

        long xref = file.Position;
        Write($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (long offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return file.ToArray();
    }
}
