using System.Globalization;

namespace VisionPS.TestServer;

/// <summary>
/// Arguments of a hand run:
/// <c>dotnet run --project tests/VisionPS.TestServer -- [--urls URL] [--api-key KEY | --any-key] [--max-images N] [--framing NAME] [--chunk-chars N] [--mode strict|llamacpp] [--https]</c>.
/// <c>--api-key ""</c> and <c>--any-key</c> accept any non-empty bearer key.
/// </summary>
internal sealed record CommandLine(string Urls, TestServerOptions Options, bool KeyGivenOnCommandLine)
{
    public const string DefaultUrls = "http://127.0.0.1:5199";

    public const string Usage =
        "usage: VisionPS.TestServer [--urls URL] [--api-key KEY | --any-key] [--max-images N] [--framing NAME] [--chunk-chars N] [--mode strict|llamacpp] [--https]";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string urls = DefaultUrls;
        string? apiKey = "test-key";
        bool keyGiven = false;
        int maxImages = new TestServerOptions().MaxImagesPerRequest;
        int chunkChars = new TestServerOptions().ChunkChars;
        StreamFraming framing = StreamFraming.Lf;
        ServerMode mode = ServerMode.Strict;
        bool https = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value. {Usage}");
            switch (arg)
            {
                case "--urls":
                    urls = Value();
                    break;
                case "--api-key":
                    apiKey = Value();
                    keyGiven = true;
                    break;
                case "--any-key":
                    apiKey = null;
                    keyGiven = true;
                    break;
                case "--max-images":
                    maxImages = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--chunk-chars":
                    chunkChars = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--mode":
                    mode = Value().Replace(".", "", StringComparison.Ordinal).ToLowerInvariant() switch
                    {
                        "strict" => ServerMode.Strict,
                        "llamacpp" => ServerMode.LlamaCpp,
                        string other => throw new FormatException($"Unknown mode '{other}'. {Usage}"),
                    };
                    break;
                case "--https":
                    https = true;
                    break;
                case "--framing":
                    framing = FaultJson.ParseFraming(Value());
                    break;
                default:
                    throw new FormatException($"Unknown argument '{arg}'. {Usage}");
            }
        }

        var options = new TestServerOptions
        {
            ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
            MaxImagesPerRequest = maxImages,
            ChunkChars = chunkChars,
            Framing = framing,
            Mode = mode,
            Certificate = https ? SelfSignedCertificate.ForLoopback() : null,
        };
        return new CommandLine(urls, options, keyGiven);
    }

    /// <summary>The one start-up line. A key given on the command line is never printed.</summary>
    public static string Banner(Uri baseUrl, string? apiKey, bool keyGivenOnCommandLine)
    {
        string key = apiKey is null ? "any non-empty bearer key"
            : keyGivenOnCommandLine ? "as given"
            : apiKey;
        return $"VisionPS test server at {baseUrl} (key: {key}) - POST {baseUrl}/chat/completions, GET {baseUrl}/models; "
            + "admin: POST /_test/faults, PUT /_test/framing, GET /_test/requests, POST /_test/reset; Ctrl+C stops.";
    }
}
