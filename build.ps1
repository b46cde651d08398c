#Requires -Version 7.4
<#
.SYNOPSIS
    Builds VisionPS into out/VisionPS, runs every test, shows a demo, or packages the module.
.DESCRIPTION
    Run it through the repository's own pwsh (a local dotnet tool), so a machine needs only the .NET SDK:

        dotnet tool restore
        dotnet pwsh ./build.ps1 -Task Test

    Tasks:
      Build    dotnet build VisionPS.sln: lays out the importable module in out/VisionPS.
      Test     Build, then every xunit project (TRX results in TestResults/), then the Pester suite in tests/pester
               against the built module. Pester 5.9.1 comes from NuGet into .tools/ (ignored by git). Ends with one
               line "N passed, N failed, N skipped" over both, and a non-zero exit code when anything failed or did
               not run.
    `dotnet build VisionPS.sln` alone already lays out the module (no PowerShell needed).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # Skip the build step (Test only): test what is already in out/ and bin/.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$PesterVersion = '5.9.1'
$ToolsRoot = Join-Path $PSScriptRoot '.tools'
$ResultsRoot = Join-Path $PSScriptRoot 'TestResults/build'

function Invoke-Dotnet {
    dotnet @args
    if ($LASTEXITCODE) { throw "dotnet $($args[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build VisionPS.sln -c $Configuration
}

# Pester from NuGet into .tools/Modules/Pester/<version>, a folder put first on PSModulePath for this process.
function Install-Pester {
    $moduleRoot = Join-Path $ToolsRoot 'Modules'
    $target = Join-Path $moduleRoot "Pester/$PesterVersion"
    if (-not (Test-Path (Join-Path $target 'Pester.psd1'))) {
        $packages = Join-Path $ToolsRoot 'nuget'
        Invoke-Dotnet restore tools/TestTools.proj --packages $packages -v quiet
        $source = Join-Path $packages "pester/$PesterVersion/tools"
        if (-not (Test-Path (Join-Path $source 'Pester.psd1'))) { throw "Pester $PesterVersion was restored but $source has no Pester.psd1." }
        New-Item -ItemType Directory -Force -Path $target | Out-Null
        Copy-Item -Recurse -Force (Join-Path $source '*') $target
    }
    if (($env:PSModulePath -split [IO.Path]::PathSeparator) -notcontains $moduleRoot) {
        $env:PSModulePath = $moduleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    Import-Module Pester -RequiredVersion $PesterVersion -Force
}

function Get-TrxCounts([string] $Folder) {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem $Folder -Filter *.trx -ErrorAction Ignore) {
        $counters = ([xml](Get-Content -Raw $trx.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$counters.passed
        $counts.Failed += [int]$counters.failed
        $counts.Skipped += [int]$counters.total - [int]$counters.passed - [int]$counters.failed
    }
    [pscustomobject]$counts
}

function Invoke-Tests {
    if (-not $NoBuild) { Invoke-Build }
    Remove-Item -Recurse -Force $ResultsRoot -ErrorAction Ignore
    New-Item -ItemType Directory -Force -Path $ResultsRoot | Out-Null

    Write-Host '== xunit (dotnet test VisionPS.sln)'
    dotnet test VisionPS.sln -c $Configuration --no-build --logger trx --results-directory (Join-Path $ResultsRoot 'xunit')
    $dotnetStatus = $LASTEXITCODE
    $xunit = Get-TrxCounts (Join-Path $ResultsRoot 'xunit')
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    $failed = $xunit.Failed
    if ($dotnetStatus -and -not $xunit.Failed) {
        Write-Host "error: dotnet test exited with $dotnetStatus without a failed test (build or runner problem)"
        $failed++
    }

    Write-Host "== Pester $PesterVersion (tests/pester)"
    Install-Pester
    $config = New-PesterConfiguration
    $config.Run.Path = 'tests/pester'
    $config.Run.PassThru = $true
    $config.Run.Exit = $false
    $config.Output.Verbosity = 'Normal'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $ResultsRoot 'pester.xml'
    $pester = Invoke-Pester -Configuration $config
    $pesterSkipped = $pester.SkippedCount + $pester.NotRunCount
    Write-Host "pester: $($pester.PassedCount) passed, $($pester.FailedCount) failed, $pesterSkipped skipped"
    if ($pester.Result -ne 'Passed' -and -not $pester.FailedCount) {
        Write-Host "error: the Pester run ended '$($pester.Result)' without a failed test (a container failed to load)"
        $failed++
    }
    if ($pester.PassedCount -eq 0) {
        Write-Host 'error: Pester ran no test'
        $failed++
    }

    $passed = $xunit.Passed + $pester.PassedCount
    $failed += $pester.FailedCount
    $skipped = $xunit.Skipped + $pesterSkipped
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed) { exit 1 }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Tests }
}
