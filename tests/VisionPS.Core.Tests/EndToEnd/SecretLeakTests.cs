using System.Text;
using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.EndToEnd;

/// <summary>
/// Runs success and failure paths with a known key and searches everything VisionPS produced for it:
/// exception messages (whole chains and ToString), classified error texts, verbose lines, streamed text,
/// results serialized to JSON, and request bodies.
/// </summary>
public class SecretLeakTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;

    public SecretLeakTests(ServerFixture fixture) => _f = fixture;

    [Fact]
    public async Task Key_AppearsInNothingVisionPSProduces()
    {
        var produced = new StringBuilder();
        void Collect(object? o) => produced.AppendLine(o?.ToString());
        void CollectError(Exception ex)
        {
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                Collect(e.Message);
            }

            Collect(ex.ToString());
            VisionErrorInfo info = ErrorClassifier.Classify(ex, "target");
            Collect(info.Message);
            Collect(info.RecommendedAction);
            Collect(JsonSerializer.Serialize(info));
        }

        ImagePart image = ImagePartFactory.FromFile(Path.Combine(SharedPaths.TestImages, "png/rgba_8bit_basn6a08.png"));
        ChatCall call = ChatCallBuilder.Build(_f.Settings(), "Describe.", [image]);
        Collect(call.ToJson());
        Collect(ChatVerbose.Sending(call, _f.Server.BaseUrl));

        // Success, streamed and not.
        ChatResult streamed = await _f.RunAsync(call, onText: Collect);
        ChatResult whole = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(stream: false), "Describe.", [image]));
        foreach (ChatResult r in new[] { streamed, whole })
        {
            Collect(JsonSerializer.Serialize(r));
            Collect(ChatVerbose.Received(r));
        }

        // Failures: the server's 401 for a wrong key, a 500, an error event, a cut, a timeout, a refused connection.
        const string wrongKey = "sk-WRONG-key-also-secret-19af";
        try { await _f.RunAsync(call, key: wrongKey); } catch (Exception ex) { CollectError(ex); }
        Fault[] faults = [Fault.Status(500), Fault.ErrorEvent(1), Fault.CutStream(1), Fault.RateLimited(TimeSpan.FromSeconds(1))];
        foreach (Fault fault in faults)
        {
            _f.Server.EnqueueFault(fault);
            try { await _f.RunAsync(call); } catch (Exception ex) { CollectError(ex); }
        }

        _f.Server.EnqueueFault(Fault.Stall(1));
        try { await _f.RunAsync(call, timeout: TimeSpan.FromMilliseconds(100)); } catch (Exception ex) { CollectError(ex); }

        var refused = new VisionChatClient(new VisionClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = new ApiCredential(ServerFixture.Key) });
        try { await new ChatRunner(refused).RunAsync(call, null); } catch (Exception ex) { CollectError(ex); }

        try { Connection.Resolve("https://api.example.com/v1", null, _ => null); } catch (Exception ex) { CollectError(ex); }

        string all = produced.ToString();
        Assert.Contains("HTTP 401", all);
        Assert.Contains("HTTP 500", all);
        Assert.DoesNotContain(ServerFixture.Key, all);
        Assert.DoesNotContain(wrongKey, all);
        Assert.DoesNotContain(ServerFixture.Key[..12], all);
    }

    [Fact]
    public void Key_IsNotInTheCredentialsOwnSurface()
    {
        var key = new ApiCredential(ServerFixture.Key);
        var options = new VisionClientOptions { BaseUrl = _f.Server.BaseUrl, ApiKey = key };

        Assert.DoesNotContain(ServerFixture.Key, key.ToString());
        Assert.DoesNotContain(ServerFixture.Key, JsonSerializer.Serialize(options));
        Assert.DoesNotContain(ServerFixture.Key, JsonSerializer.Serialize(key));
    }
}
