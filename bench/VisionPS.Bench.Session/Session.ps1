# One fresh PowerShell session of the session benchmark (run by Measure-Session.ps1, not on its own): imports the module,
# pipes the photos through ConvertTo-ImagePart -Detail low twice (cold: the session's first run, JIT included; then warm)
# and prints one JSON line with the times and the gen-2 collections each run caused.
param([string] $Module, [string] $Photos)
$ErrorActionPreference = 'Stop'
$watch = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module $Module
$import = $watch.Elapsed.TotalMilliseconds
$files = Get-ChildItem $Photos -Filter *.jpg | Sort-Object Name

# A Debug build runs the JPEG loops unoptimised (2-3x slower): the caller refuses to report it.
$imaging = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'VisionPS.Imaging' } | Select-Object -First 1
$debuggable = $imaging.GetCustomAttributes([System.Diagnostics.DebuggableAttribute], $false) | Select-Object -First 1
$optimized = -not ($debuggable -and $debuggable.IsJITOptimizerDisabled)

# cold and warm with the cmdlet's default -ThrottleLimit (images prepared on several threads), then warm one at a time.
$defaultThrottle = [VisionPS.Commands.ConvertToImagePartCommand]::new().ThrottleLimit
$runs = foreach ($run in 'cold', 'warm', 'serial') {
    $throttle = if ($run -eq 'serial') { @{ ThrottleLimit = 1 } } else { @{} }
    $gen2 = [GC]::CollectionCount(2)
    $allocated = [GC]::GetTotalAllocatedBytes($false)
    $watch.Restart()
    # The first part out of the pipeline: what the session's first photo costs (cold: binding, JIT, first-use tables).
    $first = $null
    $parts = @($files | ConvertTo-ImagePart -Detail low @throttle | ForEach-Object { if ($null -eq $first) { $first = $watch.Elapsed.TotalMilliseconds }; $_ })
    $ms = $watch.Elapsed.TotalMilliseconds
    if ($parts.Count -ne $files.Count) { throw "$($parts.Count) parts for $($files.Count) files" }
    [pscustomobject]@{ Run = $run; Ms = $ms; FirstMs = $first; Gen2 = [GC]::CollectionCount(2) - $gen2; AllocatedMiB = ([GC]::GetTotalAllocatedBytes($false) - $allocated) / 1MB }
}
[pscustomobject]@{ ImportMs = $import; Optimized = $optimized; DefaultThrottle = $defaultThrottle; Runs = $runs } | ConvertTo-Json -Compress -Depth 4
