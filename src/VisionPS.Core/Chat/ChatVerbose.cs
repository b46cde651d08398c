using System.Globalization;

namespace VisionPS.Core.Chat;

/// <summary>The verbose lines of a chat request. They never contain the API key, headers or image data.</summary>
public static class ChatVerbose
{
    public static string Sending(ChatCall call, Uri endpoint)
    {
        long bytes = call.Images.Sum(i => i.ByteLength ?? 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"POST {endpoint}: model {call.Request.Model}, {call.Request.Messages.Count} message(s), {call.Images.Count(i => i.HasImage)} image(s) ({bytes:N0} bytes), {(call.Request.Stream == true ? "streaming" : "not streaming")}.");
    }

    public static string Received(ChatResult result) => string.Create(CultureInfo.InvariantCulture,
        $"Answer from {result.Model}: finish {result.FinishReason ?? "(none)"}, {(result.Usage is null ? "no usage reported" : result.Usage.ToString() + " tokens")}, {result.Duration.TotalSeconds:0.00} s, request id {result.RequestId ?? "(none)"}.");
}
