namespace VisionPS.TestServer.Batches;

/// <summary>A file the server holds: uploaded input, or a batch's output or error file.</summary>
internal sealed record StoredFile(string Id, string Filename, string Purpose, long CreatedAt, byte[] Content)
{
    public long Bytes => Content.LongLength;
}

/// <summary>One completed upload, as the tests see it: which lines and which images arrived (by SHA-256 of their URL).</summary>
/// <param name="FileId">The id the upload got.</param>
/// <param name="Filename">The name the client gave.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="CustomIds">The custom_id of each line, in order (empty for non-batch files).</param>
/// <param name="ImageDigests">Lower-case hex SHA-256 of every image_url.url (and video_url.url) in every line, in order.</param>
public sealed record UploadRecord(string FileId, string Filename, long Bytes, IReadOnlyList<string> CustomIds, IReadOnlyList<string> ImageDigests);
