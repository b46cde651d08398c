using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Conformance;

/// <summary>Every request body VisionPS sends validates against the official CreateChatCompletionRequest schema.</summary>
public class RequestSchemaTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;

    public RequestSchemaTests(ServerFixture fixture) => _f = fixture;

    [Fact]
    public void Schema_RejectsABrokenBody()
    {
        // Guards against a schema that accepts everything (e.g. an unresolved reference).
        var errors = OpenApiSchema.ChatCompletionRequest.Validate("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"detail":"low"}}]}]}""");

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task EveryBodySentToTheServer_ValidatesAgainstTheSpec()
    {
        string jpeg = Path.Combine(SharedPaths.TestImages, "jpeg/baseline_444_320x240.jpg");
        string png = Path.Combine(SharedPaths.TestImages, "png/rgb_16bit_basn2c16.png");
        ChatCall[] calls =
        [
            ChatCallBuilder.Build(_f.Settings(), "Describe.", [ImagePartFactory.FromFile(jpeg)]),
            ChatCallBuilder.Build(_f.Settings(stream: false, maxTokens: 50), "Two images.", [ImagePartFactory.FromFile(jpeg, "low"), ImagePartFactory.FromFile(png, "high")]),
            ChatCallBuilder.Build(_f.Settings() is var s ? new ChatSettings { BaseUrl = s.BaseUrl, Model = s.Model, SystemPrompt = "Be terse.", Temperature = 0.2, TextFirst = true, IncludeUsage = false, MaxTokens = 20, TokenLimitField = TokenLimitField.MaxCompletionTokens } : null!, "Text first.", [ImagePartFactory.FromUrl("https://example.com/a.jpg", "auto")]),
            ChatCallBuilder.Build(_f.Settings(), "Text only.", []),
        ];

        int before = _f.Server.Requests.Count;
        ChatResult? last = null;
        foreach (ChatCall call in calls)
        {
            last = await _f.RunAsync(call);
        }

        await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "Continue.", [], last!.Messages));

        var bodies = _f.Server.Requests.Skip(before).Select(r => r.Body).ToList();
        Assert.Equal(calls.Length + 1, bodies.Count);
        foreach (string body in bodies)
        {
            var errors = OpenApiSchema.ChatCompletionRequest.Validate(body);
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")) + "\n" + body[..Math.Min(400, body.Length)]);
        }
    }
}
