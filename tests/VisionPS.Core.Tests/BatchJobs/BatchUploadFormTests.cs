using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VisionPS.Core.BatchJobs;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>
/// Issue 17 point 4: the upload is multipart as RFC 7578 asks (quoted names, no filename*), pinned byte for byte, and the
/// test server refuses what strict parsers refuse, so a lenient parser cannot hide a wire bug again.
/// </summary>
public class BatchUploadFormTests : IClassFixture<BatchServerFixture>
{
    private const string Line = "{\"custom_id\":\"a\"}\n";
    private readonly BatchServerFixture _f;

    public BatchUploadFormTests(BatchServerFixture fixture) => _f = fixture;

    [Fact]
    public async Task The_parts_go_out_with_quoted_names_and_no_filename_star_byte_for_byte()
    {
        using MultipartContent form = BatchUploadForm.Create(new ByteArrayContent(Encoding.UTF8.GetBytes(Line)), "job1-part1.jsonl", boundary: "b0undary");

        string wire = Encoding.ASCII.GetString(await form.ReadAsByteArrayAsync());

        Assert.Equal("multipart/form-data; boundary=\"b0undary\"", form.Headers.ContentType!.ToString());
        Assert.Equal(
            "--b0undary\r\n" +
            "Content-Disposition: form-data; name=\"purpose\"\r\n" +
            "\r\n" +
            "batch\r\n" +
            "--b0undary\r\n" +
            "Content-Type: application/jsonl\r\n" +
            "Content-Disposition: form-data; name=\"file\"; filename=\"job1-part1.jsonl\"\r\n" +
            "\r\n" +
            Line + "\r\n" +
            "--b0undary--\r\n",
            wire);
    }

    [Fact]
    public async Task A_file_name_a_quoted_string_cannot_hold_is_made_safe_and_never_goes_as_filename_star()
    {
        using MultipartContent form = BatchUploadForm.Create(new ByteArrayContent([]), "bad\"name\\ü\r\n.jsonl", boundary: "b");

        string wire = Encoding.UTF8.GetString(await form.ReadAsByteArrayAsync());

        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"bad_name____.jsonl\"\r\n", wire, StringComparison.Ordinal);
        Assert.DoesNotContain("filename*", wire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clients_upload_is_accepted_by_the_strict_server()
    {
        string path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, Line);
        using BatchApiClient api = _f.Api();

        BatchFileObject file = await api.UploadAsync(path, "strict.jsonl", default);

        Assert.Equal("strict.jsonl", file.Filename);
        Assert.Equal(Encoding.UTF8.GetByteCount(Line), file.Bytes);
    }

    public static TheoryData<string, string> RefusedForms => new()
    {
        // What .NET's MultipartFormDataContent.Add(content, name, fileName) writes.
        { "form-data; name=purpose", "form-data; name=file; filename=input.jsonl; filename*=utf-8''input.jsonl" },
        { "form-data; name=\"purpose\"", "form-data; name=\"file\"; filename*=utf-8''input.jsonl" },
        { "form-data; name=\"purpose\"", "form-data; name=file; filename=\"input.jsonl\"" },
        { "form-data; name=\"model\"", "form-data; name=\"file\"; filename=\"input.jsonl\"" },
        { "form-data; name=\"purpose\"", "form-data; name=\"upload\"; filename=\"input.jsonl\"" },
    };

    [Theory]
    [MemberData(nameof(RefusedForms))]
    public async Task The_server_refuses_what_strict_parsers_refuse(string purposeDisposition, string fileDisposition)
    {
        using var form = new MultipartContent("form-data", "b0undary");
        var purpose = new ByteArrayContent("batch"u8.ToArray());
        purpose.Headers.TryAddWithoutValidation("Content-Disposition", purposeDisposition);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Line));
        file.Headers.TryAddWithoutValidation("Content-Disposition", fileDisposition);
        form.Add(purpose);
        form.Add(file);

        (HttpStatusCode status, string body) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("multipart with file and purpose=batch expected", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_dotnets_default_form()
    {
        using var form = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new ByteArrayContent(Encoding.UTF8.GetBytes(Line)), "file", "input.jsonl" } };

        (HttpStatusCode status, string body) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("multipart with file and purpose=batch expected", body, StringComparison.Ordinal);
        Assert.Contains("(form-data; name=purpose)", body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode, string)> PostAsync(HttpContent form)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _f.Server.BaseUrl + "/files") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BatchServerFixture.Key);
        using HttpResponseMessage response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
