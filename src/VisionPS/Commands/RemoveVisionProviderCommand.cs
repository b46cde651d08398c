using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Providers;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>Deletes saved provider profiles. Keys kept in SecretManagement or variables are not touched.</summary>
[Cmdlet(VerbsCommon.Remove, "VisionProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveVisionProviderCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProviderNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var store = ProviderStore.ForUser(Environment.GetEnvironmentVariable);
        foreach (string name in Name)
        {
            try
            {
                ProviderStoreDocument document = store.Load();
                ProviderProfile? profile = document.Profiles.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (profile is null)
                {
                    throw new VisionArgumentException(ErrorIds.ProviderNotFound, $"No provider profile named '{name}' is saved in {store.FilePath}.", "Run Get-VisionProvider to see the saved profiles.");
                }

                if (!ShouldProcess($"{profile.Name} in {store.FilePath}", "Remove provider profile"))
                {
                    continue;
                }

                document.Profiles.Remove(profile);
                if (string.Equals(document.Default, profile.Name, StringComparison.OrdinalIgnoreCase))
                {
                    document.Default = null;
                    WriteWarning($"'{profile.Name}' was the default profile; there is no default now. Choose one with Set-VisionProvider NAME -Default.");
                }

                store.Save(document);
            }
            catch (Exception ex) when (ex is not PipelineStoppedException)
            {
                WriteError(ErrorRecordFactory.Create(ex, name, out _));
            }
        }
    }
}
