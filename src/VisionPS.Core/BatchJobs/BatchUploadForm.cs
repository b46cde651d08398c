using System.Net.Http.Headers;
using System.Text;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// The multipart/form-data body of a Batch API upload, written as RFC 7578 asks: <c>name="purpose"</c> and
/// <c>name="file"; filename="x.jsonl"</c>, every value quoted, and no <c>filename*</c> (§4.2 forbids it).
/// <see cref="MultipartFormDataContent"/>'s Add writes names unquoted and adds <c>filename*=utf-8''…</c>, which strict
/// parsers read as no parts at all, so the Content-Disposition of each part is written here by hand.
/// </summary>
public static class BatchUploadForm
{
    /// <param name="file">The JSONL file's content (not disposed here; the form disposes it).</param>
    /// <param name="filename">The name the provider records; characters a quoted string cannot hold become '_'.</param>
    /// <param name="boundary">The multipart boundary; null = a new random one (tests pass a fixed one).</param>
    public static MultipartContent Create(HttpContent file, string filename, string? boundary = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var form = new MultipartContent("form-data", boundary ?? "visionps-" + Guid.NewGuid().ToString("N"));

        // A form field, as browsers and curl send it: no Content-Type of its own.
        var purpose = new ByteArrayContent("batch"u8.ToArray());
        purpose.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"purpose\"");
        form.Add(purpose);

        file.Headers.ContentType ??= new MediaTypeHeaderValue("application/jsonl");
        file.Headers.Remove("Content-Disposition");
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{QuotedStringSafe(filename)}\"");
        form.Add(file);
        return form;
    }

    // Only printable ASCII other than '"' and '\' survives: header bytes are ASCII, and a quoted string must not end early.
    private static string QuotedStringSafe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            safe.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
        }

        return safe.ToString();
    }
}
