#Requires -Version 7.4
# What Release ships on linux-x64 (issue 20 point 3): VisionPS.Imaging precompiled from its own build (no
# AggressiveOptimization on the codec loops, x86-64-v3) in Dependencies/linux-x64-net10/, preferred by the module's load
# context. build.ps1 -Task Test runs xunit on the IL build (coverage instruments IL), then builds Release and runs Pester
# on it, keeping the IL module aside in $env:VISIONPS_IL_MODULE; this file compares the two: every decodable test image
# prepared four ways (as is, -Detail low, -MaxSize 257, -MaxSize 640 -Quality 61) must give the same bytes from both, in fresh sessions.

BeforeDiscovery {
    $script:Module = Join-Path $PSScriptRoot '../../out/VisionPS/VisionPS.psd1'
    $script:Precompiled = Test-Path (Join-Path $PSScriptRoot '../../out/VisionPS/Dependencies/linux-x64-net10/VisionPS.Imaging.dll')
    $script:IlModule = $env:VISIONPS_IL_MODULE
    $script:Skip = -not $Precompiled -or -not $IlModule -or -not (Test-Path $IlModule)
}

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    $script:Module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-r2r-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null

    # Prepares every image of the shared set with one build of the module in a fresh pwsh; returns name -> SHA-256 of the
    # bytes it would send, plus the path the imaging assembly was loaded from.
    function script:Get-PreparedHashes([string] $ModulePath) {
        $file = Join-Path $Work ("session-" + [guid]::NewGuid() + '.ps1')
        Set-Content -Path $file -Value @"
`$ErrorActionPreference = 'Stop'
`$env:VISIONPS_NO_JOURNAL = '1'
`$WarningPreference = 'SilentlyContinue'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$ModulePath'
`$hashes = [ordered]@{}
foreach (`$image in Get-ChildItem -Recurse -File '$Images' -Include *.jpg, *.jpeg, *.png, *.gif, *.bmp | Where-Object FullName -notmatch '[\\/]corrupt[\\/]') {
    foreach (`$way in 'asis', 'low', 'small', 'quality') {
        `$options = switch (`$way) { 'low' { @{ Detail = 'low' } } 'small' { @{ MaxSize = 257 } } 'quality' { @{ MaxSize = 640; Quality = 61 } } default { @{} } }
        `$part = ConvertTo-ImagePart `$image.FullName @options -ErrorAction SilentlyContinue
        if (`$part) { `$hashes["`$(`$image.Name)/`$way"] = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData(`$part.Data.ToArray())) }
    }
}
[pscustomobject]@{
    Imaging = ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'VisionPS.Imaging' }).Location
    Hashes = `$hashes
} | ConvertTo-Json -Depth 3 -Compress
"@
        $output = & ([System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file 2>&1
        if ($LASTEXITCODE) { throw "The fresh session failed ($LASTEXITCODE): $($output -join "`n")" }
        # The JSON is the last line; anything before it is what the session wrote to the host.
        @($output)[-1] | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'The ReadyToRun build' -Skip:$Skip {
    It 'loads the precompiled imaging assembly and prepares every test image to the same bytes as the IL build' {
        $precompiled = Get-PreparedHashes $Module
        $il = Get-PreparedHashes $env:VISIONPS_IL_MODULE

        $precompiled.Imaging | Should -Match '[\\/]Dependencies[\\/]linux-x64-net10[\\/]VisionPS\.Imaging\.dll$'
        $il.Imaging | Should -Not -Match 'linux-x64-net'
        $precompiled.Hashes.Count | Should -BeGreaterThan 60
        $differences = @($il.Hashes.Keys | Where-Object { $precompiled.Hashes[$_] -ne $il.Hashes[$_] })
        $differences | Should -BeNullOrEmpty -Because 'the precompiled codecs must compute what the JIT-compiled ones do'
        @($precompiled.Hashes.Keys).Count | Should -Be @($il.Hashes.Keys).Count
    }
}
