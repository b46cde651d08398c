#Requires -Version 7.4
<#
.SYNOPSIS
    Builds VisionPS into out/VisionPS, runs the tests, and optionally packages the module.
.DESCRIPTION
    `dotnet build VisionPS.sln` alone already lays out the importable module in out/VisionPS (no PowerShell needed).
    This script adds the test runs (xunit, then Pester against the built module) and a zip for distribution.
.EXAMPLE
    ./build.ps1                      # build (Debug) and test
.EXAMPLE
    ./build.ps1 -Configuration Release -Package -SkipTests
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',
    [switch] $SkipTests,
    [switch] $Package
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

dotnet build VisionPS.sln -c $Configuration
if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)." }

if (-not $SkipTests) {
    dotnet test VisionPS.sln -c $Configuration --no-build
    if ($LASTEXITCODE) { throw "dotnet test failed ($LASTEXITCODE)." }

    if (Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -ge 5 }) {
        Import-Module Pester -MinimumVersion 5.0
        $config = New-PesterConfiguration
        $config.Run.Path = 'tests/pester'
        $config.Run.Exit = $false
        $config.Run.PassThru = $true
        $result = Invoke-Pester -Configuration $config
        if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
    }
    else {
        Write-Warning 'Pester 5 is not installed: the cmdlet tests in tests/pester were skipped (Install-Module Pester).'
    }
}

if ($Package) {
    $version = (Import-PowerShellDataFile out/VisionPS/VisionPS.psd1).ModuleVersion
    $zip = Join-Path $PSScriptRoot "out/VisionPS-$version.zip"
    Remove-Item $zip -ErrorAction Ignore
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $PSScriptRoot 'out/VisionPS'), $zip, 'Optimal', $true)
    Write-Host "Packaged $zip"
}
