using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>
/// <c>GET /v1/models</c> → <c>{"object":"list","data":[{"id","object":"model","created","owned_by"}…]}</c> (spec
/// ListModelsResponse), and <c>GET /v1/models/{id}</c> → one Model or 404 model_not_found. Both need the bearer key.
/// </summary>
internal sealed class ModelsEndpoint(ServerState state)
{
    public const string Path = "/v1/models";

    /// <summary>Fixed creation time (2024-05-13) so the list is byte-for-byte stable.</summary>
    public const long Created = 1715558400;

    public async Task HandleListAsync(HttpContext context)
    {
        if (await RejectAsync(context).ConfigureAwait(false))
        {
            return;
        }

        string json = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WritePropertyName("data");
            w.WriteStartArray();
            foreach (ServedModel model in state.Options.Models)
            {
                WriteModel(w, model);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        await ErrorResponses.WriteBodyAsync(context, 200, "application/json", json, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task HandleOneAsync(HttpContext context)
    {
        if (await RejectAsync(context).ConfigureAwait(false))
        {
            return;
        }

        string id = Uri.UnescapeDataString((string)context.Request.RouteValues["id"]!);
        ServedModel? model = state.Options.Models.FirstOrDefault(m => m.Id == id);
        if (model is null)
        {
            var error = new ApiError(404, $"The model `{id}` does not exist or you do not have access to it.", ApiError.InvalidRequestType, "model", "model_not_found");
            await ErrorResponses.WriteAsync(context, error, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await ErrorResponses.WriteBodyAsync(context, 200, "application/json", JsonText.Build(w => WriteModel(w, model)), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<bool> RejectAsync(HttpContext context)
    {
        ApiError? error = HttpMethods.IsGet(context.Request.Method)
            ? BearerAuth.Check(context.Request, state.ApiKey)
            : ChatEndpoint.InvalidMethod(context);
        if (error is null)
        {
            return false;
        }

        await ErrorResponses.WriteAsync(context, error, context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static void WriteModel(Utf8JsonWriter w, ServedModel model)
    {
        w.WriteStartObject();
        w.WriteText("id", model.Id);
        w.WriteString("object", "model");
        w.WriteNumber("created", Created);
        w.WriteText("owned_by", model.OwnedBy);
        w.WriteEndObject();
    }
}
