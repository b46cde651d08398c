using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VisionPS.TestServer;

/// <summary>
/// Checks a chat request body the way a strict provider does and reduces it to a <see cref="ChatRequest"/>.
/// Every failure throws <see cref="ApiErrorException"/> with an OpenAI-style message and a <c>param</c>
/// path such as <c>messages[0].content[1].image_url.url</c>.
/// Order: unknown top-level fields, model (required string, must be served → else 404), scalar
/// parameters, then messages (structure, images, image count, vision support).
/// </summary>
internal static partial class RequestValidator
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];
    private static readonly string[] Details = ["auto", "low", "high", "original"];

    private static readonly Dictionary<string, string[]> MessageKeys = new(StringComparer.Ordinal)
    {
        // Property names of ChatCompletionRequest{System,Developer,User,Assistant,Tool}Message in the spec.
        ["system"] = ["role", "content", "name"],
        ["developer"] = ["role", "content", "name"],
        ["user"] = ["role", "content", "name"],
        ["assistant"] = ["role", "content", "refusal", "name", "audio", "tool_calls", "function_call"],
        ["tool"] = ["role", "content", "tool_call_id"],
    };

    public static ChatRequest Validate(JsonElement root, TestServerOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.Invalid($"Invalid type for request body: expected an object, but got {ApiError.Describe(root)} instead.", null, "invalid_type"));
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!KnownRequestFields.Names.Contains(property.Name))
            {
                throw Fail(ApiError.Unknown(property.Name));
            }
        }

        ServedModel model = ValidateModel(root, options);
        double? temperature = OptionalNumber(root, "temperature");
        if (temperature is < 0 or > 2)
        {
            string which = temperature < 0 ? "below minimum" : "above maximum";
            string bound = temperature < 0 ? ">= 0" : "<= 2";
            throw Fail(ApiError.Invalid(
                $"Invalid 'temperature': decimal {which} value. Expected a value {bound}, but got {temperature.Value.ToString(CultureInfo.InvariantCulture)} instead.",
                "temperature",
                temperature < 0 ? "decimal_below_min_value" : "decimal_above_max_value"));
        }

        int? maxTokens = OptionalPositiveInt(root, "max_tokens");
        int? maxCompletionTokens = OptionalPositiveInt(root, "max_completion_tokens");
        if (maxTokens is not null && maxCompletionTokens is not null)
        {
            throw Fail(ApiError.Invalid(
                "Invalid request: 'max_tokens' and 'max_completion_tokens' cannot both be set. Use 'max_completion_tokens' only ('max_tokens' is deprecated).",
                "max_tokens",
                "invalid_value"));
        }

        int? n = OptionalPositiveInt(root, "n");
        if (n is > 1)
        {
            throw Fail(ApiError.Invalid("This test server answers with one choice only: 'n' must be 1 or omitted.", "n", "invalid_value"));
        }

        bool stream = OptionalBool(root, "stream", "stream") ?? false;
        (bool includeUsage, bool includeObfuscation) = ValidateStreamOptions(root, stream);
        List<ChatMessageInfo> messages = ValidateMessages(root, model, options);
        ResponseFormatInfo responseFormat = ResponseFormatRules.Validate(root, messages);
        return new ChatRequest(model, messages, stream, includeUsage, includeObfuscation, maxTokens ?? maxCompletionTokens, responseFormat);
    }

    private static ServedModel ValidateModel(JsonElement root, TestServerOptions options)
    {
        if (!root.TryGetProperty("model", out JsonElement modelElement))
        {
            throw Fail(ApiError.Missing("model"));
        }

        if (modelElement.ValueKind != JsonValueKind.String)
        {
            throw Fail(ApiError.WrongType("model", "a string", modelElement));
        }

        string id = modelElement.GetString()!;
        return options.Models.FirstOrDefault(m => m.Id == id)
            ?? throw Fail(new ApiError(404, $"The model `{id}` does not exist or you do not have access to it.", ApiError.InvalidRequestType, "model", "model_not_found"));
    }

    private static (bool IncludeUsage, bool IncludeObfuscation) ValidateStreamOptions(JsonElement root, bool stream)
    {
        if (!root.TryGetProperty("stream_options", out JsonElement so) || so.ValueKind == JsonValueKind.Null)
        {
            return (false, true);
        }

        if (!stream)
        {
            throw Fail(ApiError.Invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value"));
        }

        if (so.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType("stream_options", "an object", so));
        }

        foreach (JsonProperty p in so.EnumerateObject())
        {
            if (p.Name is not ("include_usage" or "include_obfuscation"))
            {
                throw Fail(ApiError.Unknown("stream_options." + p.Name));
            }
        }

        return (OptionalBool(so, "include_usage", "stream_options.include_usage") ?? false,
                OptionalBool(so, "include_obfuscation", "stream_options.include_obfuscation") ?? true);
    }

    private static List<ChatMessageInfo> ValidateMessages(JsonElement root, ServedModel model, TestServerOptions options)
    {
        if (!root.TryGetProperty("messages", out JsonElement messages))
        {
            throw Fail(ApiError.Missing("messages"));
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw Fail(ApiError.WrongType("messages", "an array", messages));
        }

        if (messages.GetArrayLength() == 0)
        {
            throw Fail(ApiError.Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array"));
        }

        var result = new List<ChatMessageInfo>();
        int imageCount = 0;
        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            result.Add(ValidateMessage(message, $"messages[{index}]", model, options, ref imageCount));
            index++;
        }

        return result;
    }

    private static ChatMessageInfo ValidateMessage(JsonElement message, string path, ServedModel model, TestServerOptions options, ref int imageCount)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType(path, "an object", message));
        }

        if (!message.TryGetProperty("role", out JsonElement roleElement))
        {
            throw Fail(ApiError.Missing(path + ".role"));
        }

        if (roleElement.ValueKind != JsonValueKind.String)
        {
            throw Fail(ApiError.WrongType(path + ".role", "a string", roleElement));
        }

        string role = roleElement.GetString()!;
        if (!Roles.Contains(role))
        {
            throw Fail(ApiError.BadValue(path + ".role", role, Roles));
        }

        foreach (JsonProperty p in message.EnumerateObject())
        {
            if (!MessageKeys[role].Contains(p.Name))
            {
                throw Fail(ApiError.Unknown($"{path}.{p.Name}"));
            }
        }

        RequireStringIfPresent(message, "name", path);
        if (role == "tool")
        {
            if (!message.TryGetProperty("tool_call_id", out _))
            {
                throw Fail(ApiError.Missing(path + ".tool_call_id"));
            }

            RequireStringIfPresent(message, "tool_call_id", path);
        }

        var texts = new List<string>();
        var images = new List<ExpectedImage>();
        bool hasContent = message.TryGetProperty("content", out JsonElement content);
        bool assistantHasOther = message.TryGetProperty("tool_calls", out _) || message.TryGetProperty("function_call", out _);
        if (!hasContent || content.ValueKind == JsonValueKind.Null)
        {
            // Only an assistant message may leave content out (it then carries tool_calls or a refusal).
            if (role != "assistant")
            {
                throw Fail(hasContent ? ApiError.WrongType(path + ".content", "one of a string or array of objects", content) : ApiError.Missing(path + ".content"));
            }

            if (!assistantHasOther && !message.TryGetProperty("refusal", out _))
            {
                throw Fail(ApiError.Missing(path + ".content"));
            }
        }
        else if (content.ValueKind == JsonValueKind.String)
        {
            texts.Add(content.GetString()!);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            if (content.GetArrayLength() == 0)
            {
                throw Fail(ApiError.Invalid($"Invalid '{path}.content': empty array. Expected an array with minimum length 1, but got an empty array instead.", path + ".content", "empty_array"));
            }

            int partIndex = 0;
            foreach (JsonElement part in content.EnumerateArray())
            {
                ValidatePart(part, $"{path}.content[{partIndex}]", role, model, options, texts, images, ref imageCount);
                partIndex++;
            }

            CheckImageLabels(content, path);
        }
        else
        {
            throw Fail(ApiError.WrongType(path + ".content", "one of a string or array of objects", content));
        }

        long textBytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        return new ChatMessageInfo(role, texts, textBytes, images);
    }

    /// <summary>
    /// A text part that labels the image right after it ("Image 2 …") must give that image's place in the message,
    /// so labelled comparisons arrive in order.
    /// </summary>
    private static void CheckImageLabels(JsonElement content, string path)
    {
        int imageNumber = 0;
        string? label = null;
        int labelIndex = -1;
        int index = 0;
        foreach (JsonElement part in content.EnumerateArray())
        {
            string type = part.GetProperty("type").GetString()!;
            if (type == "image_url")
            {
                imageNumber++;
                if (label is not null && ImageLabel().Match(label) is { Success: true } match
                    && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) != imageNumber)
                {
                    throw Fail(ApiError.Invalid(
                        $"Invalid '{path}.content[{labelIndex}].text': the label says image {match.Groups[1].Value}, but the image after it is image {imageNumber} of this message.",
                        $"{path}.content[{labelIndex}].text",
                        "image_label_mismatch"));
                }
            }

            (label, labelIndex) = type == "text" ? (part.GetProperty("text").GetString(), index) : (null, -1);
            index++;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Image (\d+)\b")]
    private static partial System.Text.RegularExpressions.Regex ImageLabel();

    private static void ValidatePart(
        JsonElement part, string path, string role, ServedModel model, TestServerOptions options,
        List<string> texts, List<ExpectedImage> images, ref int imageCount)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType(path, "an object", part));
        }

        if (!part.TryGetProperty("type", out JsonElement typeElement))
        {
            throw Fail(ApiError.Missing(path + ".type"));
        }

        if (typeElement.ValueKind != JsonValueKind.String)
        {
            throw Fail(ApiError.WrongType(path + ".type", "a string", typeElement));
        }

        string type = typeElement.GetString()!;
        string[] allowed = role switch
        {
            "user" => ["text", "image_url", "video", "video_url"],
            "assistant" => ["text", "refusal"],
            _ => ["text"],
        };
        if (!allowed.Contains(type))
        {
            if (type == "image_url")
            {
                throw Fail(ApiError.Invalid($"Invalid '{path}.type': image_url content parts are only allowed in messages with role 'user', not '{role}'.", path + ".type", "invalid_value"));
            }

            throw Fail(ApiError.BadValue(path + ".type", type, allowed));
        }

        switch (type)
        {
            case "text":
                CheckKeys(part, path, "type", "text", "prompt_cache_breakpoint");
                texts.Add(RequiredString(part, "text", path));
                break;
            case "refusal":
                CheckKeys(part, path, "type", "refusal");
                texts.Add(RequiredString(part, "refusal", path));
                break;
            case "video":
                CheckKeys(part, path, "type", "video");
                images.AddRange(ValidateVideo(part, path, model));
                break;
            case "video_url":
                CheckKeys(part, path, "type", "video_url");
                images.Add(ValidateVideoUrl(part, path, model, options));
                break;
            default:
                CheckKeys(part, path, "type", "image_url", "prompt_cache_breakpoint");
                if (!model.Vision)
                {
                    // OpenAI's wording for models without image input.
                    throw Fail(ApiError.Invalid($"Invalid content type. image_url is only supported by certain models. The model `{model.Id}` does not accept images.", path + ".type"));
                }

                imageCount++;
                if (imageCount > options.MaxImagesPerRequest)
                {
                    throw Fail(ApiError.Invalid(
                        $"Too many images in request: '{path}' is image {imageCount}, but at most {options.MaxImagesPerRequest} images are allowed per request.",
                        path,
                        "too_many_images"));
                }

                images.Add(ValidateImage(part, path, model));
                break;
        }
    }

    /// <summary>The fewest frame images a video list may hold (DashScope's Qwen-VL video-as-images rule).</summary>
    public const int MinVideoFrames = 4;

    /// <summary>
    /// DashScope's compatible-mode video: <c>{"type":"video","video":[image URL, ...]}</c>, at least
    /// <see cref="MinVideoFrames"/> inline frame images of one size; only models counted by Qwen's rule take it.
    /// </summary>
    private static IEnumerable<ExpectedImage> ValidateVideo(JsonElement part, string path, ServedModel model)
    {
        string videoPath = path + ".video";
        if (model.Rule is not QwenRule)
        {
            throw Fail(ApiError.Invalid($"Invalid content type. video is only supported by certain models. The model `{model.Id}` does not accept video.", path + ".type"));
        }

        if (!part.TryGetProperty("video", out JsonElement video))
        {
            throw Fail(ApiError.Missing(videoPath));
        }

        if (video.ValueKind != JsonValueKind.Array)
        {
            throw Fail(ApiError.WrongType(videoPath, "an array of image URLs", video));
        }

        int count = video.GetArrayLength();
        if (count < MinVideoFrames)
        {
            throw Fail(ApiError.Invalid($"Invalid '{videoPath}': a video given as images needs at least {MinVideoFrames} images, got {count}.", videoPath, "invalid_value"));
        }

        var frames = new List<ExpectedImage>(count);
        foreach (JsonElement frame in video.EnumerateArray())
        {
            string framePath = $"{videoPath}[{frames.Count}]";
            if (frame.ValueKind != JsonValueKind.String)
            {
                throw Fail(ApiError.WrongType(framePath, "a string", frame));
            }

            ExpectedImage image = ImageUrlParser.Parse(frame.GetString()!, null, framePath, model.Rule);
            if (image.IsUrl)
            {
                throw Fail(ApiError.Invalid($"Invalid '{framePath}': this server takes video frames as data URLs only.", framePath, "invalid_value"));
            }

            if (frames.Count > 0 && (image.Width != frames[0].Width || image.Height != frames[0].Height))
            {
                throw Fail(ApiError.Invalid($"Invalid '{framePath}': the frame is {image.Width}x{image.Height}, the first frame {frames[0].Width}x{frames[0].Height}; the frames of a video must have one size.", framePath, "invalid_value"));
            }

            frames.Add(image.AsVideoFrame(frames.Count, count));
        }

        return frames;
    }

    /// <summary>
    /// vLLM's whole-video part: <c>{"type":"video_url","video_url":{"url":…}}</c>, only for models counted by Qwen's rule
    /// and not in llama.cpp mode (llama-server takes no video); the url is checked by <see cref="VideoUrlParser"/>.
    /// </summary>
    private static ExpectedImage ValidateVideoUrl(JsonElement part, string path, ServedModel model, TestServerOptions options)
    {
        if (options.Mode == ServerMode.LlamaCpp || model.Rule is not QwenRule)
        {
            throw Fail(ApiError.Invalid($"Invalid content type. video_url is only supported by certain models. The model `{model.Id}` does not accept video.", path + ".type"));
        }

        string videoPath = path + ".video_url";
        if (!part.TryGetProperty("video_url", out JsonElement videoUrl))
        {
            throw Fail(ApiError.Missing(videoPath));
        }

        if (videoUrl.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType(videoPath, "an object", videoUrl));
        }

        CheckKeys(videoUrl, videoPath, "url");
        return VideoUrlParser.Parse(RequiredString(videoUrl, "url", videoPath), videoPath + ".url");
    }

    private static ExpectedImage ValidateImage(JsonElement part, string path, ServedModel model)
    {
        string imagePath = path + ".image_url";
        if (!part.TryGetProperty("image_url", out JsonElement imageUrl))
        {
            throw Fail(ApiError.Missing(imagePath));
        }

        if (imageUrl.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType(imagePath, "an object", imageUrl));
        }

        CheckKeys(imageUrl, imagePath, "url", "detail");
        string url = RequiredString(imageUrl, "url", imagePath);
        string? detail = null;
        if (imageUrl.TryGetProperty("detail", out JsonElement detailElement))
        {
            if (detailElement.ValueKind != JsonValueKind.String)
            {
                throw Fail(ApiError.WrongType(imagePath + ".detail", "a string", detailElement));
            }

            detail = detailElement.GetString()!;
            if (!Details.Contains(detail))
            {
                throw Fail(ApiError.BadValue(imagePath + ".detail", detail, Details));
            }
        }

        return ImageUrlParser.Parse(url, detail, imagePath + ".url", model.Rule);
    }

    private static void CheckKeys(JsonElement obj, string path, params string[] allowed)
    {
        foreach (JsonProperty p in obj.EnumerateObject())
        {
            if (!allowed.Contains(p.Name))
            {
                throw Fail(ApiError.Unknown($"{path}.{p.Name}"));
            }
        }
    }

    private static string RequiredString(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out JsonElement e))
        {
            throw Fail(ApiError.Missing($"{path}.{name}"));
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Fail(ApiError.WrongType($"{path}.{name}", "a string", e));
    }

    private static void RequireStringIfPresent(JsonElement obj, string name, string path)
    {
        if (obj.TryGetProperty(name, out JsonElement e) && e.ValueKind != JsonValueKind.String)
        {
            throw Fail(ApiError.WrongType($"{path}.{name}", "a string", e));
        }
    }

    private static double? OptionalNumber(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Fail(ApiError.WrongType(name, "a number", e));
    }

    private static int? OptionalPositiveInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long value))
        {
            throw Fail(ApiError.WrongType(name, "an integer", e));
        }

        if (value < 1)
        {
            throw Fail(ApiError.Invalid(
                $"Invalid '{name}': integer below minimum value. Expected a value >= 1, but got {value.ToString(CultureInfo.InvariantCulture)} instead.",
                name,
                "integer_below_min_value"));
        }

        return (int)Math.Min(value, int.MaxValue);
    }

    private static bool? OptionalBool(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(ApiError.WrongType(path, "a boolean", e)),
        };
    }

    private static ApiErrorException Fail(ApiError error) => new(error);
}
