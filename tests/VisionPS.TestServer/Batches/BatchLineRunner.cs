using System.Globalization;
using System.Text.Json;

namespace VisionPS.TestServer.Batches;

/// <summary>
/// Answers one request line exactly as the online endpoint would (same validation, same completion), as a line of
/// the output file (spec: {id, custom_id, response: {status_code, request_id, body}, error}); failures become lines
/// of the error file.
/// </summary>
internal static class BatchLineRunner
{
    public static LineOutcome Run(BatchLine line, int index, BatchState state, DateTimeOffset at)
    {
        string requestId = "req_" + state.NextId(string.Empty);
        try
        {
            if (state.FailEveryNthLine > 0 && (index + 1) % state.FailEveryNthLine == 0)
            {
                (string message, string type) = ErrorResponses.Defaults(500);
                throw new ApiErrorException(new ApiError(500, message, type, null, null));
            }

            if (line.Body.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind == JsonValueKind.True)
            {
                throw new ApiErrorException(ApiError.Invalid("Streaming is not supported in a batch: leave 'stream' out or set it to false.", "stream", "invalid_value"));
            }

            ChatRequest request = RequestValidator.Validate(line.Body, state.Server.Options);
            Completion completion = Completion.Create(request, state.Server.NextCompletionNumber(), at);
            string body = ChatJson.CompletionObject(completion);
            return new LineOutcome(line.CustomId, true, Response(line, index, requestId, 200, body));
        }
        catch (ApiErrorException e)
        {
            return new LineOutcome(line.CustomId, false, Response(line, index, requestId, e.Error.Status, e.Error.ToJson()));
        }
    }

    public static LineOutcome NotRun(BatchLine line, int index, string code, string message) =>
        new(line.CustomId, false, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", LineId(index));
            w.WriteText("custom_id", line.CustomId);
            w.WriteNull("response");
            w.WritePropertyName("error");
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }));

    private static string Response(BatchLine line, int index, string requestId, int status, string bodyJson) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", LineId(index));
        w.WriteText("custom_id", line.CustomId);
        w.WritePropertyName("response");
        w.WriteStartObject();
        w.WriteNumber("status_code", status);
        w.WriteString("request_id", requestId);
        w.WritePropertyName("body");
        w.WriteRawValue(bodyJson, skipInputValidation: true);
        w.WriteEndObject();
        w.WriteNull("error");
        w.WriteEndObject();
    });

    private static string LineId(int index) => "batch_req_" + index.ToString("x6", CultureInfo.InvariantCulture);
}
