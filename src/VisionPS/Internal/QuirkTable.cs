using System.Collections;
using System.Management.Automation;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Providers;

namespace VisionPS.Internal;

/// <summary>Reads -Quirk @{ Name = value } into <see cref="ProviderQuirks"/> overrides; an unknown name is an error.</summary>
internal static class QuirkTable
{
    private static readonly string[] Names =
        [nameof(ProviderQuirks.AcceptsImageUrls), nameof(ProviderQuirks.RefusedImageTypes), nameof(ProviderQuirks.DetailMatters), nameof(ProviderQuirks.TokenLimitField),
         nameof(ProviderQuirks.StreamUsage), nameof(ProviderQuirks.JsonSchema), nameof(ProviderQuirks.MaxImagesPerRequest), nameof(ProviderQuirks.VideoParts), nameof(ProviderQuirks.MaxVideosPerRequest)];

    public static ProviderQuirks Read(Hashtable table)
    {
        var quirks = new ProviderQuirks();
        foreach (DictionaryEntry entry in table)
        {
            string name = entry.Key?.ToString() ?? string.Empty;
            object? value = entry.Value is PSObject pso ? pso.BaseObject : entry.Value;
            try
            {
                quirks = name.ToLowerInvariant() switch
                {
                    "acceptsimageurls" => quirks with { AcceptsImageUrls = LanguagePrimitives.ConvertTo<bool>(value) },
                    "refusedimagetypes" => quirks with { RefusedImageTypes = LanguagePrimitives.ConvertTo<string[]>(value) ?? [] },
                    "detailmatters" => quirks with { DetailMatters = LanguagePrimitives.ConvertTo<bool>(value) },
                    "tokenlimitfield" => quirks with { TokenLimitField = LanguagePrimitives.ConvertTo<TokenLimitField>(value) },
                    "streamusage" => quirks with { StreamUsage = LanguagePrimitives.ConvertTo<bool>(value) },
                    "jsonschema" => quirks with { JsonSchema = LanguagePrimitives.ConvertTo<bool>(value) },
                    "maximagesperrequest" => quirks with { MaxImagesPerRequest = LanguagePrimitives.ConvertTo<int>(value) },
                    "videoparts" => quirks with { VideoParts = ToVideoShape(value) },
                    "maxvideosperrequest" => quirks with { MaxVideosPerRequest = LanguagePrimitives.ConvertTo<int>(value) },
                    _ => throw new VisionArgumentException(
                        ErrorIds.InvalidProviderProfile,
                        $"'{name}' is not a quirk VisionPS knows.",
                        "Use " + string.Join(", ", Names) + "."),
                };
            }
            catch (PSInvalidCastException ex)
            {
                throw new VisionArgumentException(ErrorIds.InvalidProviderProfile, $"The quirk {name} cannot take the value '{value}': {ex.Message}", "Give a value of the quirk's type (see Get-Help Set-VisionProvider -Parameter Quirk).");
            }
        }

        return quirks;
    }

    // VideoParts was a bool before it named a shape: $true kept DashScope's frame list, $false sent frames as images.
    private static VideoShape ToVideoShape(object? value) => value switch
    {
        bool b => b ? VideoShape.FrameList : VideoShape.None,
        string s when Enum.TryParse(s, ignoreCase: true, out VideoShape shape) && Enum.IsDefined(shape) => shape,
        _ => throw new PSInvalidCastException($"it takes {string.Join(", ", Enum.GetNames<VideoShape>())}, $true or $false"),
    };
}
