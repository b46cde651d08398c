#Requires -Version 7.4
<#
.SYNOPSIS
    Builds VisionPS into out/VisionPS, runs every test, shows a demo, or packages the module.
.DESCRIPTION
    Run it through the repository's own pwsh (a local dotnet tool), so a machine needs only the .NET SDK:

        dotnet tool restore
        dotnet pwsh ./build.ps1 -Task Test

    Tasks:
      Build    dotnet build VisionPS.sln -c Release (or -Configuration Debug): lays out the importable module in out/VisionPS.
      Test     Build (IL), then every xunit project (TRX results in TestResults/) with line coverage (coverlet), then
               the Release build as shipped (ReadyToRun on linux-x64) and the Pester suite in tests/pester against it. Pester 5.9.1 comes from NuGet into .tools/
               (ignored by git). Prints the line coverage of src/VisionPS and src/VisionPS.Core, and ends with one
               line "N passed, N failed, N skipped" over both, and a non-zero exit code when anything failed or did
               not run.
      Demo     Build, start the offline test server, pipe ../shared/samples/*.jpg (or the module's bundled sample)
               through Invoke-VisionChat with the answers streaming, show the result objects and ConvertTo-ImagePart's
               table, stop the server.
      Package  Build, then make a PowerShell Gallery-ready out/package/VisionPS.<version>.nupkg with PSResourceGet
               (Publish-PSResource to a local file repository): the module files, help, format and types files.
    `dotnet build VisionPS.sln` alone already lays out the module (no PowerShell needed).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build',

    # Release by default: the module as users get it (ReadyToRun on linux-x64); Debug for stepping through the code.
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Skip the build step (Test, Package): use what is already in out/ and bin/.
    [switch] $NoBuild,

    # Package only: the folder the .nupkg is written to.
    [string] $PackageOutput = (Join-Path $PSScriptRoot 'out/package')
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

# The test projects target net10.0 and the pinned pwsh 7.6.10 runs on .NET 10, so an older SDK would only fail later
# with a wall of build errors (global.json says the same to dotnet itself).
$sdkVersion = (dotnet --version 2>$null) -replace '-.*$', ''
if ($LASTEXITCODE -or -not ($sdkVersion -as [version]) -or ($sdkVersion -as [version]) -lt [version]'10.0.100') {
    [Console]::Error.WriteLine("error: building and testing VisionPS needs the .NET 10 SDK (10.0.100 or later; found '$(if ($sdkVersion) { $sdkVersion } else { 'none' })'): install it from https://dotnet.microsoft.com/download/dotnet/10.0 and run again.")
    exit 1
}

$PesterVersion = '5.9.1'
$ToolsRoot = Join-Path $PSScriptRoot '.tools'
$ResultsRoot = Join-Path $PSScriptRoot 'TestResults/build'
$ModuleRoot = Join-Path $PSScriptRoot 'out/VisionPS'

function Invoke-Dotnet {
    dotnet @args
    if ($LASTEXITCODE) { throw "dotnet $($args[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-Build([string[]] $Property) {
    Invoke-Dotnet build VisionPS.sln -c $Configuration @Property
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
        $counters = ([xml](Get-Content -Raw -LiteralPath $trx.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$counters.passed
        $counts.Failed += [int]$counters.failed
        $counts.Skipped += [int]$counters.total - [int]$counters.passed - [int]$counters.failed
    }
    [pscustomobject]$counts
}

# Coverlet instruments out/VisionPS in place for the host tests and puts the files back afterwards; should a run die
# before that, Pester must still test the built module, not an instrumented one.
function Restore-ModuleBinaries {
    foreach ($built in Get-ChildItem "src/VisionPS/bin/$Configuration/net8.0" -Filter 'VisionPS*.dll') {
        $laidOut = Join-Path $ModuleRoot $built.Name
        if ((Test-Path -LiteralPath $laidOut) -and (Get-FileHash -LiteralPath $laidOut).Hash -ne (Get-FileHash -LiteralPath $built.FullName).Hash) {
            Write-Host "note: $($built.Name) in out/VisionPS differed from the build (left instrumented?); copied it again"
            Copy-Item $built.FullName $laidOut -Force
        }
    }
}

# Line coverage per assembly over every cobertura file: a line counts as covered when any test project ran it.
function Write-LineCoverage([string] $Folder, [string[]] $Assemblies) {
    $files = @(Get-ChildItem $Folder -Recurse -Filter 'coverage.cobertura.xml')
    if (-not $files) { Write-Host 'coverage: no cobertura file was written'; return }
    foreach ($assembly in $Assemblies) {
        $lines = @{}
        foreach ($file in $files) {
            $coverage = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).coverage
            # File names are relative to the report's source root, which differs between test projects.
            $root = @($coverage.sources.source)[0]
            $package = $coverage.packages.package | Where-Object name -eq $assembly
            foreach ($class in $package.classes.class) {
                $path = [IO.Path]::GetFullPath((Join-Path $root $class.filename))
                foreach ($line in $class.lines.line) {
                    $key = "${path}:$($line.number)"
                    $lines[$key] = [bool]$lines[$key] -or [int]$line.hits -gt 0
                }
            }
        }
        $covered = @($lines.Values | Where-Object { $_ }).Count
        $percent = if ($lines.Count) { 100.0 * $covered / $lines.Count } else { 0 }
        Write-Host ('coverage: {0} {1:0.0}% of lines ({2} of {3})' -f $assembly, $percent, $covered, $lines.Count)
    }
}

function Invoke-Tests {
    # IL only: coverlet instruments the laid-out assemblies, which a ReadyToRun image would not survive.
    if (-not $NoBuild) { Invoke-Build '-p:VisionPSReadyToRun=false' }
    Remove-Item -Recurse -Force $ResultsRoot -ErrorAction Ignore
    New-Item -ItemType Directory -Force -Path $ResultsRoot | Out-Null

    Write-Host '== xunit (dotnet test VisionPS.sln, with line coverage)'
    # Coverage of the module's own assemblies only: the imaging codecs, the test server and the tests are left out.
    # VisionPS.Host.Tests adds out/VisionPS, the folder its runspaces load the module from (its coverage.runsettings).
    dotnet test VisionPS.sln -c $Configuration --no-build --logger trx --results-directory (Join-Path $ResultsRoot 'xunit') `
        --collect 'XPlat Code Coverage' -- 'DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include=[VisionPS]*,[VisionPS.Core]*'
    $dotnetStatus = $LASTEXITCODE
    Restore-ModuleBinaries
    Write-LineCoverage (Join-Path $ResultsRoot 'xunit') 'VisionPS', 'VisionPS.Core'
    $xunit = Get-TrxCounts (Join-Path $ResultsRoot 'xunit')
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    $failed = $xunit.Failed
    if ($dotnetStatus -and -not $xunit.Failed) {
        Write-Host "error: dotnet test exited with $dotnetStatus without a failed test (build or runner problem)"
        $failed++
    }

    # Pester tests what Release ships: on linux-x64 the ReadyToRun build, which the IL-only xunit run above cannot be.
    # The IL module stays aside for ReadyToRun.Tests.ps1, which compares the two byte for byte.
    if (-not $NoBuild -and $Configuration -eq 'Release') {
        Write-Host '== Release build for Pester (ReadyToRun on linux-x64)'
        $ilModule = Join-Path $ResultsRoot 'il-module'
        Copy-Item -Recurse $ModuleRoot $ilModule
        $env:VISIONPS_IL_MODULE = Join-Path $ilModule 'VisionPS.psd1'
        Invoke-Dotnet build src/VisionPS/VisionPS.csproj -c $Configuration
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

# The main job on an embedded default: the offline test server answers, so no account and no network are needed.
function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $ModuleRoot 'VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'tests/pester/TestServer.psm1') -Force
    $samples = Join-Path $PSScriptRoot '../shared/samples'
    $images = if (Test-Path (Join-Path $samples '*.jpg')) { Get-ChildItem (Join-Path $samples '*.jpg') } else { Get-ChildItem (Join-Path $ModuleRoot 'Samples/*.jpg') }
    $server = Start-VisionTestServer -RepoRoot $PSScriptRoot -ApiKey "demo-$([guid]::NewGuid().ToString('N'))"
    try {
        $chat = @{ BaseUrl = $server.BaseUrl; ApiKey = $server.ApiKey; Model = 'gpt-4o' }
        Write-Host "== The offline test server answers at $($server.BaseUrl); its answers report what arrived."
        Write-Host "== Get-ChildItem <$($images.Count) photos> | Invoke-VisionChat 'Describe this image in one sentence' (answers stream as they arrive)"
        $results = $images | Invoke-VisionChat 'Describe this image in one sentence' @chat
        Write-Host '== The result objects (one per image)'
        $results | Format-Table | Out-Host
        $results[0] | Out-Host
        Write-Host '== The prepared images: ConvertTo-ImagePart -Model gpt-4o'
        $images | ConvertTo-ImagePart -Model gpt-4o | Out-Host
    }
    finally {
        Stop-VisionTestServer $server
        Write-Host '== Test server stopped.'
    }
}

# A Gallery-ready .nupkg made by PSResourceGet itself, from a staged copy of out/VisionPS (no pdb, nothing from bin/obj).
function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $manifest = Import-PowerShellDataFile (Join-Path $ModuleRoot 'VisionPS.psd1')
    $work = Join-Path ([IO.Path]::GetTempPath()) "visionps-package-$([guid]::NewGuid().ToString('N'))"
    $stage = Join-Path $work 'VisionPS'
    $repository = "VisionPSLocal-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    try {
        New-Item -ItemType Directory -Force -Path $stage, $PackageOutput | Out-Null
        Copy-Item -Recurse (Join-Path $ModuleRoot '*') $stage -Exclude '*.pdb'
        Copy-Item (Join-Path $PSScriptRoot 'LICENSE') $stage
        Remove-Item (Join-Path $PackageOutput "VisionPS.$($manifest.ModuleVersion).nupkg") -ErrorAction Ignore
        Register-PSResourceRepository -Name $repository -Uri $PackageOutput -Trusted
        Publish-PSResource -Path $stage -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository -ErrorAction Ignore
        Remove-Item -Recurse -Force $work -ErrorAction Ignore
    }
    $package = Get-Item (Join-Path $PackageOutput "VisionPS.$($manifest.ModuleVersion).nupkg")
    Write-Host ('package: {0} ({1:N0} bytes)' -f $package.FullName, $package.Length)
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Tests }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
}
