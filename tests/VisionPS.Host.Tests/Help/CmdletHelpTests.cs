using System.Management.Automation;
using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Help;

/// <summary>Get-Help for every exported cmdlet, as the built MAML gives it: complete, and true to the cmdlet.</summary>
[Collection(ModuleCollection.Name)]
public sealed class CmdletHelpTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();

    private IReadOnlyList<string> ExportedCmdlets()
    {
        HostedRun run = _shell.Run("(Get-Command -Module VisionPS -CommandType Cmdlet).Name");
        ContractAssert.Clean(run);
        Assert.NotEmpty(run.Output);
        return run.Output.Select(o => (string)o.BaseObject).ToList();
    }

    [Fact]
    public void EveryExportedCmdlet_HasAPageInDocsHelp()
    {
        foreach (string cmdlet in ExportedCmdlets())
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.HelpPages, cmdlet + ".md")), $"docs/help/{cmdlet}.md is missing");
        }
    }

    [Fact]
    public void EveryExportedCmdlet_HasFullHelp()
    {
        foreach (string cmdlet in ExportedCmdlets())
        {
            HostedRun run = _shell.Run(
                "$h = Get-Help $Name -Full; $h.Synopsis; ($h.description.Text -join ''); $h.examples.example.Count; ($h.inputTypes.inputType.type.name -join ','); ($h.returnValues.returnValue.type.name -join ','); ($h.alertSet.alert.Text -join '')",
                new Dictionary<string, object?> { ["Name"] = cmdlet });
            ContractAssert.Clean(run);
            string[] parts = run.Output.Select(o => o?.ToString() ?? string.Empty).ToArray();
            Assert.False(string.IsNullOrWhiteSpace(parts[0]) || parts[0].StartsWith(cmdlet + " ", StringComparison.Ordinal), $"{cmdlet}: no synopsis (Get-Help made one from the syntax)");
            Assert.False(string.IsNullOrWhiteSpace(parts[1]), $"{cmdlet}: no description");
            Assert.True(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) >= 3, $"{cmdlet}: {parts[2]} examples, at least 3 wanted");
            Assert.False(string.IsNullOrWhiteSpace(parts[3]), $"{cmdlet}: no INPUTS");
            Assert.False(string.IsNullOrWhiteSpace(parts[4]), $"{cmdlet}: no OUTPUTS");
            Assert.False(string.IsNullOrWhiteSpace(parts[5]), $"{cmdlet}: no NOTES");
        }
    }

    [Fact]
    public void EveryParameter_IsDescribedWithTheFactsOfTheCmdlet()
    {
        const string script = """
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            foreach ($command in Get-Command -Module VisionPS -CommandType Cmdlet) {
                $help = Get-Help $command.Name -Full
                $documented = @($help.parameters.parameter)
                foreach ($p in $command.Parameters.Values) {
                    if ($p.Name -in $common -and $p.Name -notin 'WhatIf', 'Confirm') { continue }
                    $h = $documented | Where-Object name -eq $p.Name
                    $attributes = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
                    $byValue = [bool]($attributes | Where-Object ValueFromPipeline)
                    $byName = [bool]($attributes | Where-Object ValueFromPipelineByPropertyName)
                    $property = $command.ImplementingType.GetProperty($p.Name)
                    $wildcards = $null -ne $property -and [bool]$property.GetCustomAttributes([System.Management.Automation.SupportsWildcardsAttribute], $true)
                    [pscustomobject]@{
                        Where       = "$($command.Name) -$($p.Name)"
                        Described   = [bool]$h -and -not [string]::IsNullOrWhiteSpace(($h.description.Text -join ''))
                        PipelineOk  = [bool]$h -and (($h.pipelineInput -match 'ByValue') -eq $byValue) -and (($h.pipelineInput -match 'ByPropertyName') -eq $byName) -and (($h.pipelineInput -match '^True') -eq ($byValue -or $byName))
                        WildcardsOk = [bool]$h -and (($h.globbing -eq 'true') -eq $wildcards)
                        RequiredOk  = [bool]$h -and (($h.required -eq 'true') -eq [bool]($attributes | Where-Object Mandatory))
                        HasDefault  = [bool]$h -and -not [string]::IsNullOrWhiteSpace($h.defaultValue)
                    }
                }
                foreach ($h in $documented) {
                    if (-not $command.Parameters.ContainsKey($h.name)) { [pscustomobject]@{ Where = "$($command.Name) -$($h.name) (documented, does not exist)"; Described = $false } }
                }
            }
            """;
        HostedRun run = _shell.Run(script);

        ContractAssert.Clean(run);
        Assert.NotEmpty(run.Output);
        foreach (PSObject row in run.Output)
        {
            string where = (string)row.Properties["Where"].Value;
            foreach (string check in new[] { "Described", "PipelineOk", "WildcardsOk", "RequiredOk", "HasDefault" })
            {
                Assert.True(row.Properties[check]?.Value is true, $"{where}: {check} failed");
            }
        }
    }

    [Fact]
    public void AboutVisionPS_CoversItsTopics()
    {
        HostedRun run = _shell.Run("Get-Help about_VisionPS | Out-String");

        ContractAssert.Clean(run);
        string text = (string)Assert.Single(run.Output).BaseObject;
        foreach (string topic in new[] { "Providers and keys", "Detail and image preparation", "Tokens and cost", "Batches and limits", "Errors" })
        {
            Assert.Contains(topic, text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _shell.Dispose();
}
