#Requires -Version 7.4
# Pester 5: hostile servers (issue 12 point 6). Each of the test server's hostile faults must end Invoke-VisionChat with a
# clear error, and within bounded memory. Memory is measured as the peak working set of a fresh pwsh process that
# meets every fault, against a reference process in the same run that sends the same number of ordinary requests.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Config = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-hostile-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Config | Out-Null

    # The cases: the fault queued on the server, whether the request streams, and the error id it must end with.
    $script:Cases = @(
        @{ Fault = @{ kind = 'endlessStream' };                       Stream = $true;  Id = 'ApiResponseTooLarge' }
        @{ Fault = @{ kind = 'endlessLine' };                         Stream = $true;  Id = 'ApiResponseTooLarge' }
        @{ Fault = @{ kind = 'hugeBody'; declareLength = $false };    Stream = $false; Id = 'ApiResponseTooLarge' }
        @{ Fault = @{ kind = 'hugeBody'; declareLength = $true };     Stream = $false; Id = 'ApiResponseTooLarge' }
        @{ Fault = @{ kind = 'deepJson'; depth = 100000 };            Stream = $true;  Id = 'StreamProtocolError' }
        @{ Fault = @{ kind = 'deepJson'; depth = 100000 };            Stream = $false; Id = 'StreamProtocolError' }
        @{ Fault = @{ kind = 'invalidUtf8' };                         Stream = $true;  Id = 'StreamProtocolError' }
        @{ Fault = @{ kind = 'invalidUtf8' };                         Stream = $false; Id = 'StreamProtocolError' }
        @{ Fault = @{ kind = 'giantHeaders'; kilobytes = 512 };       Stream = $false; Id = 'ApiResponseTooLarge' }
        @{ Fault = @{ kind = 'slowloris'; milliseconds = 200 };       Stream = $true;  Id = 'ApiTimeout'; Total = 4 }
    )

    # Runs every case (or, with -Reference, the same number of ordinary requests) in a fresh pwsh; returns its ids and peak.
    function Invoke-Cases([switch] $Reference) {
        $cases = $Cases | ForEach-Object { @{ Fault = if ($Reference) { $null } else { $_.Fault }; Stream = $_.Stream; Total = if ($_.Total) { $_.Total } else { 600 } } }
        $payload = @{ Module = $Module; BaseUrl = $Server.BaseUrl; Root = $Server.Root; Key = $Server.ApiKey; Cases = $cases } | ConvertTo-Json -Depth 5 -Compress
        $script = {
            $in = $env:VISIONPS_HOSTILE_CASES | ConvertFrom-Json
            Import-Module $in.Module
            $ids = foreach ($case in $in.Cases) {
                if ($case.Fault) {
                    Invoke-RestMethod -Method Post -Uri "$($in.Root)/_test/faults" -Body ($case.Fault | ConvertTo-Json) -ContentType 'application/json' | Out-Null
                }
                $errs = @()
                try {
                    # Slowloris: -TimeoutSec 2 > its 0.2 s trickle keeps the idle timer happy; -TotalTimeoutSec 4 ends it.
                    $null = Invoke-VisionChat 'Hi' -BaseUrl $in.BaseUrl -ApiKey $in.Key -Model gpt-4o -NoStream:(-not $case.Stream) -MaximumRetryCount 0 `
                        -TimeoutSec 2 -TotalTimeoutSec $case.Total -InformationAction Ignore -ErrorVariable errs -ErrorAction SilentlyContinue
                } catch { $errs = @($_) }
                if ($errs.Count) { ($errs[0].FullyQualifiedErrorId -split ',')[0] } else { 'ok' }
            }
            [pscustomobject]@{ Ids = @($ids); Peak = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 } | ConvertTo-Json -Compress
        }
        $env:VISIONPS_CONFIG_DIR = $Config
        $env:VISIONPS_HOSTILE_CASES = $payload
        try { $out = & pwsh -NoProfile -NonInteractive -Command $script.ToString() 2>&1 | Out-String }
        finally { Remove-Item Env:VISIONPS_HOSTILE_CASES }
        $json = ($out -split "`n" | Where-Object { $_ -match '^\{"Ids"' } | Select-Object -Last 1)
        if (-not $json) { throw "The child process printed no result: $out" }
        $json | ConvertFrom-Json
    }

    $script:Reference = Invoke-Cases -Reference
    $script:Hostile = Invoke-Cases
    $mib = 1024 * 1024
    Write-Host ("Peak working set: reference {0:N0} MiB, hostile {1:N0} MiB ({2:N0} MiB more)" -f ($Reference.Peak / $mib), ($Hostile.Peak / $mib), (($Hostile.Peak - $Reference.Peak) / $mib))
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Config -ErrorAction Ignore
}

Describe 'Hostile servers' {
    It 'the reference process answered every request' {
        $Reference.Ids | Should -Be (@('ok') * $Cases.Count)
    }

    It 'fault <_> ends with its error id' -ForEach (0..9) {
        $Hostile.Ids[$_] | Should -Be $Cases[$_].Id -Because ($Cases[$_].Fault | ConvertTo-Json -Compress)
    }

    It 'stays within 256 MiB of peak working set above the reference process' {
        # The caps: 64 MiB per stream, 1 MiB per line, 16 MiB per whole answer, 64 KiB of headers. Reading up to them
        # (buffers, the decoded text, the GC's slack) costs well under this bound; an uncapped 10 GB body would not.
        ($Hostile.Peak - $Reference.Peak) | Should -BeLessThan (256MB)
    }

    It 'the server is still healthy after all of it' {
        (Invoke-RestMethod "$($Server.Root)/_test/faults").pending | Should -Be 0
    }
}
