using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Protocol;
using VisionPS.Core.Structured;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;
using ChatRequest = VisionPS.Core.Protocol.ChatRequest;

namespace VisionPS.Core.Tests.Structured;

/// <summary>Structured output and labelled images against the strict test server (issue 10 points 4 and 7).</summary>
public sealed class StructuredEndToEndTests : IClassFixture<ServerFixture>
{
    private const string Receipt = """
        {"type":"object","title":"receipt","properties":{"vendor":{"type":"string"},"total":{"type":"number"},"prompt":{"type":"string"}},
         "required":["vendor","total","prompt"],"additionalProperties":false}
        """;

    private readonly ServerFixture _f;

    public StructuredEndToEndTests(ServerFixture fixture) => _f = fixture;

    private ChatSettings Settings(StructuredOutput? output, bool stream = true) =>
        new() { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", Stream = stream, Output = output };

    private static JsonElement Sent(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task JsonSchema_StrictSchema_SentStrictAndAnswerValidated(bool stream)
    {
        var output = StructuredOutput.For(OutputSchema.FromJson(Receipt), serverTakesJsonSchema: true);
        ChatCall call = ChatCallBuilder.Build(Settings(output, stream), "Vendor and total?", []);

        ChatResult result = StructuredAnswer.Read(await _f.RunAsync(call), output);

        JsonElement format = Sent(_f.Server.Requests[^1]).GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("receipt", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        var data = Assert.IsType<JsonElement>(result.Data);
        Assert.Equal("Vendor and total?", data.GetProperty("prompt").GetString());
        Assert.Equal(result.Text, data.GetRawText());
    }

    [Fact]
    public async Task JsonObject_AsJson_SaysJsonInThePromptAndParses()
    {
        ChatCall call = ChatCallBuilder.Build(Settings(StructuredOutput.AnyJson), "Describe", []);

        ChatResult result = StructuredAnswer.Read(await _f.RunAsync(call), StructuredOutput.AnyJson);

        JsonElement sent = Sent(_f.Server.Requests[^1]);
        Assert.Equal("json_object", sent.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal("gpt-4o", ((JsonElement)result.Data!).GetProperty("model").GetString());
        Assert.Equal("Describe", result.Prompt);
    }

    [Fact]
    public async Task Fallback_NoJsonSchema_SendsJsonObjectWithTheSchemaInThePrompt()
    {
        var output = StructuredOutput.For(OutputSchema.FromJson(Receipt), serverTakesJsonSchema: false);
        ChatCall call = ChatCallBuilder.Build(Settings(output), "Vendor?", []);

        var e = await Assert.ThrowsAsync<StructuredAnswerException>(async () => StructuredAnswer.Read(await _f.RunAsync(call), output));

        // The server's json_object answer is an echo, not a receipt: sent as json_object, validated against the schema all the same.
        JsonElement sent = Sent(_f.Server.Requests[^1]);
        Assert.Equal("json_object", sent.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Contains("\"vendor\"", sent.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(ErrorIds.AnswerNotValid, e.ErrorId);
        Assert.Contains("$: the required property 'vendor' is missing", e.Problems);
    }

    [Theory]
    [InlineData(JsonAnswerKind.Invalid, ErrorIds.AnswerNotJson, "stop")]
    [InlineData(JsonAnswerKind.Mismatch, ErrorIds.AnswerNotValid, "stop")]
    [InlineData(JsonAnswerKind.Truncated, ErrorIds.AnswerNotJson, "length")]
    public async Task BadAnswers_NonTerminatingErrorKeepsTheRawText(JsonAnswerKind kind, string errorId, string finish)
    {
        var output = StructuredOutput.For(OutputSchema.FromJson(Receipt), serverTakesJsonSchema: true);
        _f.Server.EnqueueFault(Fault.Json(kind));
        ChatResult raw = await _f.RunAsync(ChatCallBuilder.Build(Settings(output), "Vendor?", []));

        var e = Assert.Throws<StructuredAnswerException>(() => StructuredAnswer.Read(raw, output));

        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(raw.Text, e.RawText);
        Assert.Equal(finish, e.Result.FinishReason);
        Assert.NotNull(e.Result.Usage);
        VisionErrorInfo info = ErrorClassifier.Classify(e, "target");
        Assert.Equal(ErrorCategoryNames.InvalidResult, info.Category);
        Assert.False(info.StopsCommand);
    }

    [Fact]
    public async Task Server_StrictSchemaMissingRequired_Rejected()
    {
        ChatCall plain = ChatCallBuilder.Build(Settings(null, stream: false), "json please", []);
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}""");
        var request = new ChatRequest
        {
            Model = plain.Request.Model,
            Messages = plain.Request.Messages,
            ResponseFormat = new ResponseFormat { Type = ResponseFormat.JsonSchemaType, JsonSchema = new ResponseJsonSchema { Name = "x", Schema = schema.RootElement.Clone(), Strict = true } },
        };

        var e = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(new ChatCall { Request = request, Prompt = "p", Images = [], BaseUrl = _f.Server.BaseUrl, Estimate = plain.Estimate }));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("Missing 'a'", e.Message);
    }

    [Fact]
    public async Task Server_JsonObjectWithoutTheWordJson_Rejected()
    {
        ChatCall plain = ChatCallBuilder.Build(Settings(null, stream: false), "Describe", []);
        var request = new ChatRequest { Model = plain.Request.Model, Messages = plain.Request.Messages, ResponseFormat = ResponseFormat.JsonObject };

        var e = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(new ChatCall { Request = request, Prompt = "p", Images = [], BaseUrl = _f.Server.BaseUrl, Estimate = plain.Estimate }));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("must contain the word 'json'", e.Message);
    }

    [Fact]
    public async Task Labels_InOrderAccepted_SwappedRejected()
    {
        ImagePart a = ImagePartFactory.FromFile(Path.Combine(SharedPaths.TestImages, "jpeg/baseline_420_227x149.jpg"));
        ImagePart b = ImagePartFactory.FromFile(Path.Combine(SharedPaths.TestImages, "jpeg/grayscale_32x32.jpg"));

        ChatResult ok = await _f.RunAsync(ChatCallBuilder.Build(Settings(null), "Differences?", [a, b], null, ["Image 1 (reference): a.jpg", "Image 2 (difference): b.jpg"]));
        var e = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(Settings(null), "Differences?", [a, b], null, ["Image 2 (difference): b.jpg", "Image 1 (reference): a.jpg"])));

        Assert.Contains("image 1: image/jpeg 227x149", ok.Text);
        Assert.Contains("image 2: image/jpeg 32x32", ok.Text);
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("label says image 2", e.Message);
    }
}
