namespace VisionPS.Core.Providers;

/// <summary>Names a key without holding it: a variable, a secret (and its vault), or a DPAPI-protected blob.</summary>
public sealed record KeyReference
{
    public KeySource Source { get; init; }

    /// <summary>The variable or secret name.</summary>
    public string? Name { get; init; }

    /// <summary>The SecretManagement vault; null = the default vault.</summary>
    public string? Vault { get; init; }

    /// <summary>ConvertFrom-SecureString output (DPAPI, current user); only readable by that user on that machine.</summary>
    public string? Protected { get; init; }

    public static KeyReference None { get; } = new();

    public override string ToString() => Source switch
    {
        KeySource.Environment => $"env:{Name}",
        KeySource.Secret => Vault is null ? $"secret:{Name}" : $"secret:{Vault}/{Name}",
        KeySource.Protected => "protected (DPAPI)",
        _ => "none",
    };
}
