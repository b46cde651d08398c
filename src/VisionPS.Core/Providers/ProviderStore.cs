using System.Text.Json;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Providers;

/// <summary>Reads and writes providers.json in the config folder. Every write replaces the file atomically.</summary>
public sealed class ProviderStore
{
    public const string FileName = "providers.json";

    public ProviderStore(string directory) => FilePath = Path.Combine(directory, FileName);

    public static ProviderStore ForUser(Func<string, string?> environment) => new(ConfigDirectory.Resolve(environment));

    public string FilePath { get; }

    public ProviderStoreDocument Load()
    {
        if (!File.Exists(FilePath))
        {
            return new ProviderStoreDocument();
        }

        try
        {
            using FileStream stream = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize(stream, ProviderJsonContext.Default.ProviderStoreDocument) ?? new ProviderStoreDocument();
        }
        catch (JsonException ex)
        {
            throw new VisionArgumentException(
                ErrorIds.ProviderStoreInvalid,
                $"The provider profiles in {FilePath} cannot be read: {ex.Message}",
                "Fix or delete the file; Set-VisionProvider writes a new one.");
        }
    }

    public void Save(ProviderStoreDocument document)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        string temp = FilePath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(document, ProviderJsonContext.Default.ProviderStoreDocument));
        if (!OperatingSystem.IsWindows())
        {
            // The file names no secret, but where keys live is still the user's business.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, FilePath, overwrite: true);
    }

    /// <summary>The named profile, or the default one when <paramref name="name"/> is null; null when there is none.</summary>
    public ProviderProfile? Find(string? name)
    {
        ProviderStoreDocument document = Load();
        string? wanted = name ?? document.Default;
        if (wanted is null)
        {
            return null;
        }

        ProviderProfile? found = document.Profiles.FirstOrDefault(p => p.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase));
        if (found is null && name is not null)
        {
            throw new VisionArgumentException(
                ErrorIds.ProviderNotFound,
                $"No provider profile named '{name}' is saved in {FilePath}.",
                "Run Get-VisionProvider to see the saved profiles, or save one with Set-VisionProvider.");
        }

        return found;
    }
}
