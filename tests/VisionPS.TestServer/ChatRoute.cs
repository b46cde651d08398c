namespace VisionPS.TestServer;

/// <summary>The URL shapes chat requests arrive on, each with its own authentication.</summary>
internal enum ChatRoute
{
    /// <summary><c>/v1/chat/completions</c>, <c>Authorization: Bearer</c>.</summary>
    OpenAI,

    /// <summary>Azure classic: <c>/openai/deployments/{deployment}/chat/completions?api-version=…</c>, <c>api-key</c> header only.</summary>
    AzureDeployment,

    /// <summary>Azure v1: <c>/openai/v1/chat/completions</c>, Bearer or <c>api-key</c>, no api-version.</summary>
    AzureV1,
}
