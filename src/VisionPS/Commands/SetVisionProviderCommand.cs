using System.Collections;
using System.Management.Automation;
using System.Security;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Saves a named provider profile (creates it, or changes only the values given) in providers.json under the per-user
/// config folder. A profile never holds a key in plain text: it names a variable, a SecretManagement secret, or a
/// DPAPI-protected SecureString (Windows only).
/// </summary>
[Cmdlet(VerbsCommon.Set, "VisionProvider", SupportsShouldProcess = true, DefaultParameterSetName = KeepKeySet)]
[OutputType(typeof(ProviderProfile))]
public sealed class SetVisionProviderCommand : PSCmdlet
{
    private const string KeepKeySet = "KeepKey";
    private const string VariableSet = "KeyVariable";
    private const string SecretSet = "KeySecret";
    private const string ProtectedSet = "ApiKey";
    private const string NoKeySet = "NoKey";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    [ArgumentCompleter(typeof(ProviderNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The kind of server: its preset gives the base URL, the key variable and the quirks.</summary>
    [Parameter]
    [Alias("Preset")]
    public ProviderKind? Kind { get => (ProviderKind?)_kind; set => _kind = (int?)value; }

    // Ints, not the enums: a field of a Core value type makes PowerShell load VisionPS.Core while it scans this
    // assembly, before the module initializer can send it to the module's own load context (the import then fails).
    private int? _kind;
    private int? _keyHeader;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BaseUrl { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    /// <summary>Azure OpenAI classic: the deployment; requests go to {BaseUrl}/openai/deployments/{Deployment}/chat/completions.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Deployment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ApiVersion { get; set; }

    /// <summary>Bearer (Authorization header) or ApiKey (api-key header); default: the kind's.</summary>
    [Parameter]
    public ApiKeyHeader? KeyHeader { get => (ApiKeyHeader?)_keyHeader; set => _keyHeader = (int?)value; }

    [Parameter(Mandatory = true, ParameterSetName = VariableSet)]
    [ValidatePattern(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    public string? KeyVariable { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? KeySecret { get; set; }

    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>Stored with DPAPI (Windows, current user). Refused on Linux and macOS, which have no such protection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProtectedSet)]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = NoKeySet)]
    public SwitchParameter NoKey { get; set; }

    /// <summary>Overrides of the kind's quirks, e.g. @{ AcceptsImageUrls = $false; RefusedImageTypes = 'image/webp' }.</summary>
    [Parameter]
    public Hashtable? Quirk { get; set; }

    [Parameter]
    public SwitchParameter AllowUnencryptedHttp { get; set; }

    [Parameter]
    public SwitchParameter AllowPrivateImageUrls { get; set; }

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int RequestsPerMinute { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TokensPerMinute { get; set; }

    /// <summary>Chat requests through this profile use the answer cache, as with -Cache (-Cache:$false turns it off).</summary>
    [Parameter]
    public SwitchParameter Cache { get; set; }

    /// <summary>The run journal keeps only hashes of prompts sent through this profile, as with -Private.</summary>
    [Parameter]
    public SwitchParameter PrivateHistory { get; set; }

    /// <summary>Make this the default profile, used by every command that is given neither -Provider nor -BaseUrl.</summary>
    [Parameter]
    public SwitchParameter Default { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var store = ProviderStore.ForUser(Environment.GetEnvironmentVariable);
            ProviderStoreDocument document = store.Load();
            ProviderProfile? existing = document.Profiles.FirstOrDefault(p => p.Name.Equals(Name, StringComparison.OrdinalIgnoreCase));
            ProviderProfile profile = Apply(existing);
            Validate(profile);
            if (!ShouldProcess($"{profile.Name} ({profile.Kind}, {profile.BaseUrl ?? ProviderPresets.For(profile.Kind).BaseUrl}) in {store.FilePath}", existing is null ? "Save provider profile" : "Update provider profile"))
            {
                return;
            }

            document.Profiles.RemoveAll(p => p.Name.Equals(Name, StringComparison.OrdinalIgnoreCase));
            document.Profiles.Add(profile);
            if (Default || document.Profiles.Count == 1 && document.Default is null)
            {
                document.Default = profile.Name;
            }

            store.Save(document);
            WriteVerbose($"Saved provider profile '{profile.Name}' in {store.FilePath} (key: {profile.Key}).");
            if (PassThru)
            {
                WriteObject(profile with { IsDefault = string.Equals(document.Default, profile.Name, StringComparison.OrdinalIgnoreCase) });
            }
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(ErrorRecordFactory.Create(ex, Name, out _));
        }
    }

    private ProviderProfile Apply(ProviderProfile? existing)
    {
        ProviderKind kind = Kind ?? existing?.Kind ?? ProviderKind.Generic;
        ProviderPreset preset = ProviderPresets.For(kind);
        KeyReference key = ParameterSetName switch
        {
            VariableSet => new KeyReference { Source = KeySource.Environment, Name = KeyVariable },
            SecretSet => new KeyReference { Source = KeySource.Secret, Name = KeySecret, Vault = Vault },
            ProtectedSet => new KeyReference { Source = KeySource.Protected, Protected = new ProfileKeyReader(this).Protect(ApiKey!) },
            NoKeySet => KeyReference.None,
            _ => existing?.Key ?? (preset.KeyVariable is { } variable ? new KeyReference { Source = KeySource.Environment, Name = variable } : KeyReference.None),
        };

        ProviderProfile profile = existing ?? new ProviderProfile { Name = Name };
        return profile with
        {
            Kind = kind,
            BaseUrl = BaseUrl is null ? profile.BaseUrl : Tidy(BaseUrl),
            Model = Model ?? profile.Model,
            Deployment = Deployment ?? profile.Deployment,
            ApiVersion = ApiVersion ?? profile.ApiVersion,
            KeyHeader = KeyHeader ?? profile.KeyHeader,
            Key = key,
            Quirks = Quirk is null ? profile.Quirks : (profile.Quirks ?? new ProviderQuirks()).Over(QuirkTable.Read(Quirk)),
            AllowUnencryptedHttp = Bound(nameof(AllowUnencryptedHttp)) ? AllowUnencryptedHttp.IsPresent : profile.AllowUnencryptedHttp,
            AllowPrivateImageUrls = Bound(nameof(AllowPrivateImageUrls)) ? AllowPrivateImageUrls.IsPresent : profile.AllowPrivateImageUrls,
            Proxy = Proxy?.ToString() ?? profile.Proxy,
            RequestsPerMinute = Bound(nameof(RequestsPerMinute)) ? RequestsPerMinute : profile.RequestsPerMinute,
            TokensPerMinute = Bound(nameof(TokensPerMinute)) ? TokensPerMinute : profile.TokensPerMinute,
            Cache = Bound(nameof(Cache)) ? Cache.IsPresent : profile.Cache,
            PrivateHistory = Bound(nameof(PrivateHistory)) ? PrivateHistory.IsPresent : profile.PrivateHistory,
        };
    }

    private static void Validate(ProviderProfile profile)
    {
        if (profile.BaseUrl is null && ProviderPresets.For(profile.Kind).BaseUrl is null)
        {
            throw new VisionArgumentException(
                ErrorIds.InvalidProviderProfile,
                $"The profile '{profile.Name}' of kind {profile.Kind} needs a base URL: this kind has no fixed address.",
                profile.Kind == ProviderKind.AzureOpenAI
                    ? "Pass -BaseUrl https://RESOURCE.openai.azure.com with -Deployment NAME, or -BaseUrl https://RESOURCE.openai.azure.com/openai/v1."
                    : "Pass -BaseUrl with the server's API root, e.g. http://localhost:8000/v1.");
        }

        // The same check a command makes, so a profile that could never be used is not saved.
        Connection.Resolve(new ConnectionRequest { Profile = profile with { Key = KeyReference.None }, Environment = _ => null, RequireKey = false });
    }

    // A pasted .../chat/completions is cut back; a bad URL is kept for Validate to name.
    private static string Tidy(string url)
    {
        try
        {
            return Endpoints.NormalizeBaseUrl(url).ToString().TrimEnd('/');
        }
        catch (ArgumentException)
        {
            return url;
        }
    }

    private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
}
