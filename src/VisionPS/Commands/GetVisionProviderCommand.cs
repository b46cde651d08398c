using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Providers;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>Lists the saved provider profiles (the default one marked), or with -ListAvailable the built-in presets.</summary>
[Cmdlet(VerbsCommon.Get, "VisionProvider", DefaultParameterSetName = ProfilesSet)]
[OutputType(typeof(ProviderProfile), ParameterSetName = [ProfilesSet])]
[OutputType(typeof(ProviderPreset), ParameterSetName = [PresetsSet])]
public sealed class GetVisionProviderCommand : PSCmdlet
{
    private const string ProfilesSet = "Profiles";
    private const string PresetsSet = "Presets";

    [Parameter(Position = 0, ParameterSetName = ProfilesSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProviderNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only the default profile.</summary>
    [Parameter(ParameterSetName = ProfilesSet)]
    public SwitchParameter Default { get; set; }

    /// <summary>The built-in presets (one per kind) instead of the saved profiles.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PresetsSet)]
    public SwitchParameter ListAvailable { get; set; }

    protected override void ProcessRecord()
    {
        if (ListAvailable)
        {
            WriteObject(ProviderPresets.All, enumerateCollection: true);
            return;
        }

        ProviderStoreDocument document;
        try
        {
            document = ProviderStore.ForUser(Environment.GetEnvironmentVariable).Load();
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, Environment.GetEnvironmentVariable(ConfigDirectory.OverrideVariable), out _));
            return;
        }

        var profiles = document.Profiles
            .Select(p => p with { IsDefault = string.Equals(p.Name, document.Default, StringComparison.OrdinalIgnoreCase) })
            .Where(p => !Default || p.IsDefault)
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        string[] names = Name ?? ["*"];
        foreach (string name in names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !profiles.Any(p => p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            WriteError(ErrorRecordFactory.Create(
                new VisionArgumentException(ErrorIds.ProviderNotFound, $"No provider profile named '{name}' is saved.", "Run Get-VisionProvider to see the saved profiles, or save one with Set-VisionProvider."),
                name,
                out _));
        }

        var patterns = names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (ProviderProfile profile in profiles.Where(p => patterns.Any(w => w.IsMatch(p.Name))))
        {
            WriteObject(profile);
        }
    }
}
