#Requires -Version 7.4
<#
.SYNOPSIS
    The session benchmark (issue 11 point 2): 24 different 12 MP photos piped through ConvertTo-ImagePart -Detail low in
    a fresh pwsh, cold (the session's first run, JIT included) and warm, against a shell loop of
    djpeg -scale 1/8 | cjpeg -quality 85 over the same files in the same run, rounds interleaved.
.DESCRIPTION
    Run from the repository root after a Release build (a Debug build is refused: its JPEG loops are not optimised):
    dotnet pwsh ./build.ps1 -Task Build -Configuration Release; dotnet pwsh bench/VisionPS.Bench.Session/Measure-Session.ps1
    -Module picks another module layout (e.g. a ReadyToRun build) to compare first-run costs. Needs ImageMagick and
    libjpeg-turbo-progs. Reports medians and ratios against the loop; not a test.
#>
param(
    [int] $Rounds = 5,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/VisionPS/VisionPS.psd1'),
    [string] $Label = 'out/VisionPS'
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$samples = Join-Path $repo '../shared/samples'
$photos = Join-Path ([IO.Path]::GetTempPath()) 'visionps-session-photos'
New-Item -ItemType Directory -Force $photos | Out-Null

# 24 different 4000x3000 photos (4:2:0, quality 90, noise): each sample, cropped from six places, mirrored or not.
$i = 0
foreach ($sample in Get-ChildItem $samples -Filter *.jpg | Sort-Object Name | Select-Object -First 4) {
    foreach ($variant in 0..5) {
        $out = Join-Path $photos ('{0:d2}.jpg' -f $i++)
        if (Test-Path $out) { continue }
        $gravity = @('center', 'north', 'south', 'east', 'west', 'northwest')[$variant]
        $flop = if ($variant % 2) { '-flop' } else { '+flop' }
        & convert $sample.FullName -resize '4400x3300^' -gravity $gravity -extent 4000x3000 $flop -attenuate 0.3 '+noise' Gaussian -sampling-factor 2x2 -quality 90 $out
        if ($LASTEXITCODE) { throw "convert failed for $out" }
    }
}

$files = Get-ChildItem $photos -Filter *.jpg | Sort-Object Name
$list = Join-Path $photos 'list.txt'
$files.FullName | Set-Content $list
$dotnet = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwsh = Join-Path $PSHOME 'pwsh.dll'

$loop = [System.Collections.Generic.List[double]]::new()
$parallelLoop = [System.Collections.Generic.List[double]]::new()
$sessions = [System.Collections.Generic.List[object]]::new()
for ($round = 0; $round -lt $Rounds; $round++) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & bash -c "while read -r f; do djpeg -scale 1/8 `"`$f`" | cjpeg -quality 85 > /dev/null; done < '$list'"
    $loop.Add($watch.Elapsed.TotalMilliseconds)

    # The same loop spread over every core (xargs -P), the fair partner of ConvertTo-ImagePart's default.
    $watch.Restart()
    & bash -c "xargs -P $([Environment]::ProcessorCount) -I{} sh -c 'djpeg -scale 1/8 `"`$1`" | cjpeg -quality 85 > /dev/null' _ {} < '$list'"
    $parallelLoop.Add($watch.Elapsed.TotalMilliseconds)

    $json = & $dotnet $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Session.ps1') -Module $Module -Photos $photos
    if ($LASTEXITCODE) { throw "The session failed: $json" }
    $session = $json | Select-Object -Last 1 | ConvertFrom-Json
    if (-not $session.Optimized) {
        throw "$Module is a Debug build (VisionPS.Imaging has the JIT optimizer disabled); build Release first: dotnet pwsh ./build.ps1 -Task Build -Configuration Release"
    }
    $sessions.Add($session)
}

function Median([double[]] $values) { $s = $values | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
$loopMs = Median $loop
$cold = Median ($sessions | ForEach-Object { $_.Runs[0].Ms })
$warm = Median ($sessions | ForEach-Object { $_.Runs[1].Ms })
$serial = Median ($sessions | ForEach-Object { $_.Runs[2].Ms })
$parallelLoopMs = Median $parallelLoop
$import = Median ($sessions | ForEach-Object { $_.ImportMs })
$firstCold = Median ($sessions | ForEach-Object { $_.Runs[0].FirstMs })
$firstWarm = Median ($sessions | ForEach-Object { $_.Runs[1].FirstMs })
$gen2 = ($sessions | ForEach-Object { $_.Runs[0].Gen2 + $_.Runs[1].Gen2 } | Measure-Object -Maximum).Maximum
$throttle = $sessions[0].DefaultThrottle
$allocCold = Median ($sessions | ForEach-Object { $_.Runs[0].AllocatedMiB })
$allocWarm = Median ($sessions | ForEach-Object { $_.Runs[1].AllocatedMiB })

"# VisionPS session benchmark ($Label), $(Get-Date -AsUTC -Format 'yyyy-MM-dd'), $([Environment]::ProcessorCount) cores, $Rounds rounds, medians"
"24 photos of 4000x3000 (4:2:0, q90), {0:0.0} MB on average" -f (($files | Measure-Object Length -Average).Average / 1e6)
"  djpeg -scale 1/8 | cjpeg -quality 85 loop : {0,8:0} ms" -f $loopMs
"  Import-Module                              : {0,8:0} ms" -f $import
"  the same loop over all cores (xargs -P)    : {0,8:0} ms" -f $parallelLoopMs
"  ConvertTo-ImagePart -Detail low, cold      : {0,8:0} ms  {1,5:0.00}x the loop  {2,5:0.00}x the xargs loop  ({3:0} MiB allocated, -ThrottleLimit $throttle)" -f $cold, ($cold / $loopMs), ($cold / $parallelLoopMs), $allocCold
"  ConvertTo-ImagePart -Detail low, warm      : {0,8:0} ms  {1,5:0.00}x the loop  {2,5:0.00}x the xargs loop  ({3:0} MiB allocated, -ThrottleLimit $throttle)" -f $warm, ($warm / $loopMs), ($warm / $parallelLoopMs), $allocWarm
"  the same, warm, -ThrottleLimit 1           : {0,8:0} ms  {1,5:0.00}x the loop" -f $serial, ($serial / $loopMs)
"  the first photo of the session              : {0,8:0} ms  (warm: {1:0} ms; a loop photo: {2:0} ms)" -f $firstCold, $firstWarm, ($loopMs / $files.Count)
"  gen-2 collections in a session (both runs, 48 photos), worst round: $gen2"
