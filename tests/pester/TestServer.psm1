# Every request VisionPS makes is journalled (issue 19): Pester runs (and the pwsh processes they start) write their
# journal to a temp file, never to the user's config folder.
if (-not $env:VISIONPS_HISTORY_PATH) {
    $env:VISIONPS_HISTORY_PATH = Join-Path ([System.IO.Path]::GetTempPath()) "visionps-pester-$PID/history.db"
}

# Starts and stops the project's OpenAI-compatible test server for Pester runs.
function Start-VisionTestServer {
    param([string] $ApiKey = 'pester-key-7d1e', [string] $RepoRoot)
    $dll = Get-ChildItem -Path (Join-Path $RepoRoot 'tests/VisionPS.TestServer/bin') -Recurse -Filter VisionPS.TestServer.dll |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $dll) { throw "Build the solution first (dotnet build VisionPS.sln): VisionPS.TestServer.dll not found." }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll.FullName, '--urls', 'http://127.0.0.1:0', '--api-key', $ApiKey)) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $banner = $process.StandardOutput.ReadLine()
    if ($banner -notmatch '(http://127\.0\.0\.1:\d+/v1)') { $process.Kill(); throw "Test server did not start: $banner" }
    [pscustomobject]@{ Process = $process; BaseUrl = $Matches[1]; ApiKey = $ApiKey; Root = $Matches[1] -replace '/v1$', '' }
}

function Stop-VisionTestServer {
    param($Server)
    if ($Server -and -not $Server.Process.HasExited) { $Server.Process.Kill(); $Server.Process.WaitForExit() }
}

function Add-VisionTestFault {
    param($Server, [hashtable] $Fault)
    Invoke-RestMethod -Method Post -Uri "$($Server.Root)/_test/faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json' | Out-Null
}

function Get-VisionTestRequests {
    param($Server)
    # Invoke-RestMethod writes a JSON array as one object; enumerate it so callers count requests, not 1.
    $requests = Invoke-RestMethod -Uri "$($Server.Root)/_test/requests"
    $requests | ForEach-Object { $_ }
}

Export-ModuleMember -Function Start-VisionTestServer, Stop-VisionTestServer, Add-VisionTestFault, Get-VisionTestRequests
