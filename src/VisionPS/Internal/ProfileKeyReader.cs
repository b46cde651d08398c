using System.Management.Automation;
using System.Net;
using System.Security;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;

namespace VisionPS.Internal;

/// <summary>
/// Reads a profile's key in the user's session: SecretManagement's Get-Secret for secrets, ConvertTo-SecureString for
/// DPAPI-protected strings (Windows), the environment otherwise. The key never passes through a string that is logged.
/// </summary>
internal sealed class ProfileKeyReader(PSCmdlet cmdlet)
{
    public const string SecretModule = "Microsoft.PowerShell.SecretManagement";

    public ApiCredential? Read(KeyReference reference) => reference.Source switch
    {
        KeySource.Secret => FromSecret(reference),
        KeySource.Protected => FromProtected(reference),
        KeySource.Environment => KeyReader.FromEnvironment(reference, Environment.GetEnvironmentVariable),
        _ => null,
    };

    private ApiCredential FromSecret(KeyReference reference)
    {
        bool available = cmdlet.InvokeCommand.InvokeScript($"[bool](Get-Module -Name {SecretModule}) -or [bool](Get-Module -ListAvailable -Name {SecretModule})")
            .Any(o => LanguagePrimitives.IsTrue(o));
        if (!available)
        {
            throw new VisionArgumentException(
                ErrorIds.SecretModuleMissing,
                $"The provider profile takes its key from the secret '{reference.Name}', but the {SecretModule} module is not installed.",
                $"Install-Module {SecretModule} (and a vault such as Microsoft.PowerShell.SecretStore), or point the profile at an environment variable with Set-VisionProvider -KeyVariable.");
        }

        object? value;
        try
        {
            ScriptBlock read = ScriptBlock.Create(
                $"param($Name, $Vault) if ($Vault) {{ {SecretModule}\\Get-Secret -Name $Name -Vault $Vault -ErrorAction Stop }} else {{ {SecretModule}\\Get-Secret -Name $Name -ErrorAction Stop }}");
            value = cmdlet.InvokeCommand.InvokeScript(false, read, null, reference.Name, reference.Vault).FirstOrDefault()?.BaseObject;
        }
        catch (RuntimeException ex)
        {
            throw new VisionArgumentException(
                ErrorIds.SecretNotFound,
                $"The secret '{reference.Name}'{(reference.Vault is null ? string.Empty : $" in vault '{reference.Vault}'")} could not be read: {ex.Message}",
                "Check the name with Get-SecretInfo, unlock the vault (Unlock-SecretStore), or save the key with Set-Secret.");
        }

        return value switch
        {
            SecureString secure => ApiCredential.FromSecureString(secure),
            string text when text.Length > 0 => new ApiCredential(text),
            PSCredential credential => ApiCredential.FromSecureString(credential.Password),
            _ => throw new VisionArgumentException(
                ErrorIds.SecretNotFound,
                $"The secret '{reference.Name}' is empty or not a string, SecureString or PSCredential.",
                "Save the API key as a string or SecureString secret with Set-Secret."),
        };
    }

    private ApiCredential FromProtected(KeyReference reference)
    {
        EnsureProtectionAvailable();
        object? value = cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($s) ConvertTo-SecureString -String $s -ErrorAction Stop"), null, reference.Protected)
            .FirstOrDefault()?.BaseObject;
        return value is SecureString secure
            ? ApiCredential.FromSecureString(secure)
            : throw new VisionArgumentException(ErrorIds.SecretNotFound, "The profile's protected key could not be decrypted.", "Save the key again with Set-VisionProvider -ApiKey, as the same user on the same machine.");
    }

    /// <summary>The DPAPI export of a SecureString (Windows only); refuses elsewhere.</summary>
    public string Protect(SecureString key)
    {
        EnsureProtectionAvailable();
        return cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($s) ConvertFrom-SecureString -SecureString $s"), null, key)
            .Select(o => o.BaseObject as string)
            .First(s => !string.IsNullOrEmpty(s))!;
    }

    // On Linux and macOS, ConvertFrom-SecureString without -Key only encodes: there is no DPAPI. A key stored that way
    // would be plain text in disguise, so VisionPS refuses rather than pretend.
    private static void EnsureProtectionAvailable()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new VisionArgumentException(
                ErrorIds.KeyProtectionUnavailable,
                "This platform has no protection for a stored SecureString (no DPAPI on Linux or macOS): it would be kept in a form anyone who can read the file can decode.",
                "Keep the key in SecretManagement (Set-VisionProvider -KeySecret NAME) or in an environment variable (-KeyVariable NAME).");
        }
    }
}
