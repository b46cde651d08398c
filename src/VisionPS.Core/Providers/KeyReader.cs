using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;

namespace VisionPS.Core.Providers;

/// <summary>Reads the keys Core can read by itself: environment variables. Secrets and protected strings need PowerShell.</summary>
public static class KeyReader
{
    public static ApiCredential? FromEnvironment(KeyReference reference, Func<string, string?> environment)
    {
        if (reference.Source != KeySource.Environment || string.IsNullOrWhiteSpace(reference.Name))
        {
            return null;
        }

        string? value = environment(reference.Name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new VisionArgumentException(
                ErrorIds.KeyVariableEmpty,
                $"The provider profile takes its key from the environment variable {reference.Name}, which is not set.",
                $"Set $env:{reference.Name}, or point the profile at another key with Set-VisionProvider.");
        }

        return new ApiCredential(value);
    }
}
