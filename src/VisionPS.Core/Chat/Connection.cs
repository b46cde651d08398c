using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Chat;

/// <summary>
/// The one connection step: everything a request to a provider needs, resolved once per command from
/// (parameters, profile, environment): base URL and its shape (plain, Azure classic deployment, Azure v1), key and
/// key header, model, proxy, TLS and plain-http policy, timeouts, redirect rule, limits and quirks. Each value comes
/// from the first that gives it: the parameter, then the provider profile (-Provider, or the default profile), then
/// the environment. Every client (<see cref="VisionChatClient"/>, <see cref="BatchJobs.BatchApiClient"/>) is built
/// from <see cref="ClientOptions"/>; no cmdlet derives a URL, key or header itself.
/// </summary>
public sealed class Connection
{
    public const string BaseUrlVariable = "VISIONPS_BASE_URL";
    public const string OpenAIBaseUrlVariable = "OPENAI_BASE_URL";
    public const string ApiKeyVariable = "VISIONPS_API_KEY";
    public const string OpenAIApiKeyVariable = "OPENAI_API_KEY";
    public const string ModelVariable = "VISIONPS_MODEL";

    /// <summary>The model used against OpenAI itself when none is named.</summary>
    public const string DefaultOpenAIModel = "gpt-4o-mini";

    private Connection(Uri baseUrl, ApiCredential? apiKey, ProviderProfile? profile, ConnectionRequest request)
    {
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Profile = profile;
        Quirks = profile?.EffectiveQuirks ?? ProviderQuirks.Strict;
        Uri? proxy = request.Proxy ?? SavedProxy(profile);
        ClientOptions = new VisionClientOptions
        {
            BaseUrl = baseUrl,
            ApiKey = apiKey,
            Timeout = request.Timeout,
            ConnectTimeout = request.ConnectTimeout,
            KeyHeader = profile?.EffectiveKeyHeader ?? ApiKeyHeader.Bearer,
            Deployment = profile?.Deployment,
            ApiVersion = profile?.EffectiveApiVersion,
            Network = new NetworkOptions
            {
                Proxy = proxy,
                ProxyCredential = request.ProxyCredential,
                SkipCertificateCheck = request.SkipCertificateCheck,
            },
            Limits = ResponseLimits.Default with { MaxResponseTime = request.TotalTimeout is { } total && total > TimeSpan.Zero ? total : null },
        };
    }

    // A profile file edited by hand (or by an older version) can hold anything; the value is not echoed, since a proxy
    // URL may carry a user name and password.
    private static Uri? SavedProxy(ProviderProfile? profile) =>
        profile?.Proxy is not { } saved ? null
        : Uri.TryCreate(saved, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new VisionArgumentException(
            ErrorIds.InvalidProviderProfile,
            $"The provider profile '{profile.Name}' has a proxy that is not an absolute http(s) URL.",
            $"Save a proxy such as http://proxy.example:3128 with Set-VisionProvider {profile.Name} -Proxy, or give -Proxy for this command.");

    public Uri BaseUrl { get; }

    public ApiCredential? ApiKey { get; }

    /// <summary>The profile in use, or null.</summary>
    public ProviderProfile? Profile { get; }

    /// <summary>The profile's name (recorded with a batch job so later commands find it again), or null.</summary>
    public string? ProfileName => Profile?.Name;

    /// <summary>Every field set: the profile's kind and overrides, or OpenAI's behaviour without a profile.</summary>
    public ProviderQuirks Quirks { get; }

    /// <summary>What a client needs to send: URL shape, key and header, proxy, TLS, timeouts, limits, quirks.</summary>
    public VisionClientOptions ClientOptions { get; }

    /// <param name="baseUrl">-BaseUrl, or null.</param>
    /// <param name="apiKey">-ApiKey, or null.</param>
    /// <param name="environment">Reads an environment variable (Environment.GetEnvironmentVariable, or a fake in tests).</param>
    /// <param name="requireKey">False when nothing will be sent (only the request body is wanted).</param>
    public static Connection Resolve(string? baseUrl, ApiCredential? apiKey, Func<string, string?> environment, bool requireKey = true) =>
        Resolve(new ConnectionRequest { BaseUrl = baseUrl, ApiKey = apiKey, Environment = environment, RequireKey = requireKey });

    public static Connection Resolve(ConnectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ProviderProfile? profile = ChooseProfile(request);
        Func<string, string?> environment = request.Environment;
        string? url = FirstNonEmpty(
            request.BaseUrl,
            profile?.BaseUrl,
            profile is null ? null : ProviderPresets.For(profile.Kind).BaseUrl,
            environment(BaseUrlVariable),
            environment(OpenAIBaseUrlVariable));
        Uri resolved;
        try
        {
            resolved = url is null ? Endpoints.OpenAI : Endpoints.NormalizeBaseUrl(url);
        }
        catch (ArgumentException ex)
        {
            throw new VisionArgumentException(ErrorIds.InvalidBaseUrl, ex.Message, "Pass -BaseUrl with the provider's API root, set $env:VISIONPS_BASE_URL, or fix the profile with Set-VisionProvider.");
        }

        bool allowHttp = request.AllowUnencryptedHttp || profile?.AllowUnencryptedHttp == true;
        if (resolved.Scheme == Uri.UriSchemeHttp && !Endpoints.IsLocal(resolved) && !allowHttp)
        {
            throw new VisionArgumentException(
                ErrorIds.InsecureBaseUrl,
                $"{resolved.GetLeftPart(UriPartial.Authority)} is plain http to another machine: the key and the images would cross the network unencrypted.",
                "Use https, or pass -AllowUnencryptedHttp (or save the profile with -AllowUnencryptedHttp) for a server on a network you trust.");
        }

        ApiCredential? key = request.ApiKey;
        if (key is null && profile is not null && profile.Key.Source != KeySource.None && KeyMayGoTo(profile, resolved, request))
        {
            key = request.ReadKey?.Invoke(profile.Key) ?? KeyReader.FromEnvironment(profile.Key, environment);
        }

        if (key is null && FirstNonEmpty(environment(ApiKeyVariable), environment(OpenAIApiKeyVariable)) is { } envKey)
        {
            key = new ApiCredential(envKey);
        }

        if (key is null && request.RequireKey && !Endpoints.IsLocal(resolved))
        {
            throw new ApiKeyMissingException(resolved);
        }

        return new Connection(resolved, key, profile, request);
    }

    // -Provider names a profile; without it the default profile applies, unless -BaseUrl points somewhere of its own.
    private static ProviderProfile? ChooseProfile(ConnectionRequest request) =>
        request.Profile
        ?? (request.ProviderName is null && request.BaseUrl is not null ? null : request.FindProfile?.Invoke(request.ProviderName));

    // A profile's key goes only to the profile's own server: -Provider P -BaseUrl <another host> sends P's key nowhere.
    private static bool KeyMayGoTo(ProviderProfile profile, Uri resolved, ConnectionRequest request)
    {
        if (request.BaseUrl is null)
        {
            return true;
        }

        if (profile.EffectiveBaseUrl is not { } own)
        {
            return false;
        }

        try
        {
            Uri profileUrl = Endpoints.NormalizeBaseUrl(own);
            return profileUrl.Scheme == resolved.Scheme && profileUrl.Port == resolved.Port
                && string.Equals(profileUrl.IdnHost, resolved.IdnHost, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>-Model, the conversation's model, the profile's model, $env:VISIONPS_MODEL, then OpenAI's default when talking to OpenAI.</summary>
    public string ResolveModel(string? model, string? conversationModel, Func<string, string?> environment) =>
        TryResolveModel(model, conversationModel, environment)
        ?? throw new VisionArgumentException(
            ErrorIds.ModelNotSpecified,
            $"No model was named for {BaseUrl}.",
            "Pass -Model (the id the provider lists under /models), set $env:VISIONPS_MODEL, or save a model in the profile (Set-VisionProvider -Model).");

    /// <summary>Like <see cref="ResolveModel"/>, but null instead of an error when no model can be named.</summary>
    public string? TryResolveModel(string? model, string? conversationModel, Func<string, string?> environment) =>
        FirstNonEmpty(model, conversationModel, Profile?.Model, Profile?.Deployment, environment(ModelVariable))
        ?? (BaseUrl.Host.Equals(Endpoints.OpenAI.Host, StringComparison.OrdinalIgnoreCase) ? DefaultOpenAIModel : null);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
