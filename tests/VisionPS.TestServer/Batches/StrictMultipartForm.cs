using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace VisionPS.TestServer.Batches;

/// <summary>
/// Reads an upload's multipart/form-data body as the strictest real parsers do (several Node and Python ones):
/// every Content-Disposition is <c>form-data</c> with quoted <c>name</c> and <c>filename</c> values only
/// (RFC 7578 §4.2: no <c>filename*</c>), and the form holds a <c>purpose</c> field and a <c>file</c>. ASP.NET's own
/// form reader accepts unquoted names and <c>filename*</c>, which is how a wire bug once went unnoticed.
/// </summary>
internal static partial class StrictMultipartForm
{
    public const string Expected = "multipart with file and purpose=batch expected";

    /// <summary>The purpose field, the file's name and its bytes; an <see cref="ApiErrorException"/> for anything else.</summary>
    public static async Task<(string Purpose, string FileName, byte[] Content)> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw Refused($"Content-Type is {request.ContentType ?? "missing"}, not multipart/form-data with a boundary");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxFileBytes + (1 << 20) };
        string? purpose = null;
        (string Name, byte[] Content)? file = null;
        int number = 0;
        while (await reader.ReadNextSectionAsync(ct).ConfigureAwait(false) is { } section)
        {
            number++;
            string disposition = section.ContentDisposition ?? throw Refused($"part {number} has no Content-Disposition");
            (string name, string? filename) = ParseDisposition(disposition, number);
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
            switch (name)
            {
                case "purpose" when filename is null:
                    purpose = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                    break;
                case "file" when filename is not null:
                    file = (filename, buffer.ToArray());
                    break;
                case "purpose" or "file":
                    throw Refused($"part {number} ({disposition}) is {(filename is null ? "a field where a file" : "a file where a field")} was expected");
            }
        }

        if (purpose is null || file is null)
        {
            throw Refused(purpose is null ? "no part is named \"purpose\"" : "no part is named \"file\" with a filename");
        }

        return (purpose, file.Value.Name, file.Value.Content);
    }

    private static (string Name, string? FileName) ParseDisposition(string disposition, int number)
    {
        Match match = DispositionPattern().Match(disposition);
        if (!match.Success)
        {
            string why = disposition.Contains("filename*", StringComparison.OrdinalIgnoreCase)
                ? "uses filename*, which RFC 7578 §4.2 forbids"
                : "is not form-data with quoted name and filename values";
            throw Refused($"part {number}'s Content-Disposition ({disposition}) {why}");
        }

        string? name = null;
        string? filename = null;
        for (int i = 0; i < match.Groups["key"].Captures.Count; i++)
        {
            string key = match.Groups["key"].Captures[i].Value.ToLowerInvariant();
            string value = Regex.Unescape(match.Groups["value"].Captures[i].Value.Replace("\\\"", "\"", StringComparison.Ordinal));
            if (key == "name")
            {
                name = value;
            }
            else
            {
                filename = value;
            }
        }

        return (name ?? throw Refused($"part {number}'s Content-Disposition ({disposition}) has no name"), filename);
    }

    private static ApiErrorException Refused(string why) =>
        new(ApiError.Invalid($"{Expected}: {why}.", "file", "invalid_multipart"));

    // form-data followed only by name="..." / filename="..." parameters, each value a quoted string.
    [GeneratedRegex("""^form-data(?:\s*;\s*(?<key>name|filename)="(?<value>(?:[^"\\]|\\.)*)")+\s*$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DispositionPattern();
}
