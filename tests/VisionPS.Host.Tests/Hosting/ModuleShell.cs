using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;

namespace VisionPS.Host.Tests.Hosting;

/// <summary>A runspace in this process with out/VisionPS imported, its location set to a working folder.</summary>
public sealed class ModuleShell : IDisposable
{
    private const string TerminatingVariable = "__VisionPSTerminating";
    private readonly Runspace _runspace;

    public ModuleShell(string workingDirectory, PSHost? host = null)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(RepoPaths.ModuleManifest);
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        Run($"Set-Location -LiteralPath '{workingDirectory.Replace("'", "''")}'");
    }

    /// <summary>
    /// Runs a script; named values become variables ($Chat, $Key, …) in the runspace first. A terminating error (one
    /// that try/catch catches without -ErrorAction Stop) ends the script and is returned apart from the error stream.
    /// </summary>
    public HostedRun Run(string script, IDictionary<string, object?>? variables = null)
    {
        _runspace.SessionStateProxy.SetVariable(TerminatingVariable, null);
        using PowerShell shell = Create($"try {{\n{script}\n}} catch {{ ${TerminatingVariable} = $_ }}", variables);
        var output = shell.Invoke();
        object? terminating = _runspace.SessionStateProxy.GetVariable(TerminatingVariable);
        return HostedRun.From(shell, output, terminating is PSObject wrapped ? (ErrorRecord)wrapped.BaseObject : (ErrorRecord?)terminating);
    }

    /// <summary>A PowerShell ready to invoke on this runspace, for tests that start, stop or watch it themselves.</summary>
    public PowerShell Create(string script, IDictionary<string, object?>? variables = null)
    {
        foreach ((string name, object? value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        PowerShell shell = PowerShell.Create(_runspace);
        shell.AddScript(script);
        return shell;
    }

    public void Dispose() => _runspace.Dispose();
}
