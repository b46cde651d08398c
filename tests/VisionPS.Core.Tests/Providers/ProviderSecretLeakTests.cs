using System.Text;
using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>The secret-leak sweep over the new paths: Azure shapes, redirects, hostile servers, probes, profiles.</summary>
public sealed class ProviderSecretLeakTests : IAsyncLifetime
{
    private const string Key = "sk-provider-LEAK-canary-7e21d";
    private VisionTestServer _server = null!;
    private VisionTestServer _other = null!;

    public async Task InitializeAsync()
    {
        _server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = "the-right-key" });
        _other = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null, Mode = ServerMode.LlamaCpp });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task Key_AppearsInNothingTheNewPathsProduce()
    {
        var produced = new StringBuilder();
        void Collect(Exception ex)
        {
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                produced.AppendLine(e.Message);
            }

            produced.AppendLine(ex.ToString());
            VisionErrorInfo info = ErrorClassifier.Classify(ex, "target");
            produced.AppendLine(JsonSerializer.Serialize(info));
        }

        ChatCall call = ChatCallBuilder.Build(new ChatSettings { BaseUrl = _server.BaseUrl, Model = "gpt-4o", Stream = true }, "Hi", []);
        VisionClientOptions[] shapes =
        [
            new() { BaseUrl = _server.BaseUrl, ApiKey = new ApiCredential(Key) },
            new() { BaseUrl = _server.Root, ApiKey = new ApiCredential(Key), KeyHeader = ApiKeyHeader.ApiKey, Deployment = "gpt-4o", ApiVersion = "2024-10-21" },
            new() { BaseUrl = new Uri(_server.Root, "openai/v1"), ApiKey = new ApiCredential(Key), KeyHeader = ApiKeyHeader.ApiKey },
        ];
        foreach (VisionClientOptions options in shapes)
        {
            using var client = new VisionChatClient(options);
            try { await new ChatRunner(client).RunAsync(call, null); } catch (Exception ex) { Collect(ex); }
            produced.AppendLine(JsonSerializer.Serialize(options));
        }

        Fault[] faults =
        [
            Fault.Redirect(new Uri(_other.BaseUrl + "/chat/completions")), Fault.EndlessLine(), Fault.HugeBody(true), Fault.DeepJson(),
            Fault.InvalidUtf8(), Fault.GiantHeaders(128),
        ];
        foreach (Fault fault in faults)
        {
            _server.EnqueueFault(fault);
            using var client = new VisionChatClient(new VisionClientOptions { BaseUrl = _server.BaseUrl, ApiKey = new ApiCredential(Key) });
            try { await new ChatRunner(client).RunAsync(call, null); } catch (Exception ex) { Collect(ex); }
        }

        using (var probeClient = new VisionChatClient(new VisionClientOptions { BaseUrl = _other.BaseUrl, ApiKey = new ApiCredential(Key) }))
        {
            var (results, learned) = await new ProviderProbe(probeClient, "gpt-4o").RunAsync(new Uri(_other.Root, "_test/image.png"), CancellationToken.None);
            produced.AppendLine(string.Join("\n", results)).AppendLine(learned.ToString());
        }

        var profile = new ProviderProfile { Name = "p", BaseUrl = "https://x.example/v1", Key = new KeyReference { Source = KeySource.Environment, Name = "LEAK_VAR" } };
        try { Connection.Resolve(new ConnectionRequest { Profile = profile, Environment = _ => null }); } catch (Exception ex) { Collect(ex); }
        Connection resolved = Connection.Resolve(new ConnectionRequest { Profile = profile, Environment = n => n == "LEAK_VAR" ? Key : null });
        produced.AppendLine(resolved.ApiKey!.ToString()).AppendLine(JsonSerializer.Serialize(resolved.Profile));

        string all = produced.ToString();
        Assert.Contains("HTTP 401", all);
        Assert.Contains(ErrorIds.ApiResponseTooLarge, all);
        Assert.DoesNotContain(Key, all);
        Assert.DoesNotContain(Key[..14], all);
    }
}
