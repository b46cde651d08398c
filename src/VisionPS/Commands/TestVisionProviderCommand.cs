using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Probes a server once (a 16x16 PNG, an 8x8 WebP, an image URL, detail low/high, both token fields, stream_options,
/// json_schema) and records what it learned in the profile's quirks. The probes run against the server as it is,
/// without the profile's current quirks.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VisionProvider", SupportsShouldProcess = true)]
[OutputType(typeof(ProviderTestReport))]
public sealed class TestVisionProviderCommand : VisionCmdletBase
{
    /// <summary>The model to probe; default: the profile's, then $env:VISIONPS_MODEL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    /// <summary>An http(s) image the server is asked to fetch itself; without it, URL support is not probed.</summary>
    [Parameter]
    public Uri? ProbeImageUrl { get; set; }

    /// <summary>Show the report without writing the findings into the profile.</summary>
    [Parameter]
    public SwitchParameter NoSave { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            Connection connection = ResolveConnection();
            string model = connection.ResolveModel(Model, null, Environment.GetEnvironmentVariable);
            // The client sends bodies as they are built, so the probes see the server as it is.
            using var client = new VisionChatClient(connection.ClientOptions);
            WriteVerbose($"Probing {client.ChatEndpoint} with model {model}.");
            var (results, learned) = SynchronousPump.Run(() => new ProviderProbe(client, model).RunAsync(ProbeImageUrl, StopToken));
            var report = new ProviderTestReport
            {
                Provider = connection.Profile?.Name,
                BaseUrl = connection.BaseUrl,
                Model = model,
                Probes = results,
                Learned = learned,
                TestedAt = DateTimeOffset.UtcNow,
            };
            if (connection.Profile is { } profile && !NoSave && ShouldProcess(profile.Name, "Record the probed quirks in the provider profile"))
            {
                var store = ProviderStore.ForUser(Environment.GetEnvironmentVariable);
                ProviderStoreDocument document = store.Load();
                int index = document.Profiles.FindIndex(p => p.Name.Equals(profile.Name, StringComparison.OrdinalIgnoreCase));
                document.Profiles[index] = profile with { Quirks = (profile.Quirks ?? new ProviderQuirks()).Over(learned), TestedAt = report.TestedAt };
                store.Save(document);
                report.Saved = true;
            }

            WriteObject(report);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, Provider ?? BaseUrl);
        }
    }
}
