namespace VisionPS.Core.Providers;

/// <summary>Where a profile's key lives. A profile never holds a key in plain text.</summary>
public enum KeySource
{
    /// <summary>No key (local servers), or the usual environment variables.</summary>
    None,
    /// <summary>An environment variable named by the profile.</summary>
    Environment,
    /// <summary>A SecretManagement secret, read through Get-Secret.</summary>
    Secret,
    /// <summary>A SecureString exported with the platform's protection (DPAPI, Windows only).</summary>
    Protected,
}
