#requires -Version 7.4
<#
.SYNOPSIS
    How well an independent reader (Debian's tesseract-ocr) reads what VisionPS would send for tall documents, with and
    without -Tile: word accuracy = matched words / words drawn.

.DESCRIPTION
    Renders known text (seeded random words from a Debian licence text) into tall images with ImageMagick and DejaVu
    fonts, prepares them with ConvertTo-ImagePart exactly as Invoke-VisionChat would for each model (-Tile off and
    -Tile auto), writes out the bytes of every part and lets tesseract read them. A part's words count once however
    many overlapping tiles show them (matched = the multiset intersection of read and drawn words).
    With -Sweep it also reads one page of each text at a range of downscale factors (VisionPS's own resampler via
    -MaxSize), which is where TilePlanner.LegibleScale comes from.

    Needs: tesseract-ocr (+eng), imagemagick, fonts-dejavu-core, and out/VisionPS built (dotnet build src/VisionPS).

.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Legibility/Measure-TileLegibility.ps1 -Sweep
#>
[CmdletBinding()]
param(
    [string[]] $Model = @('gpt-4o', 'qwen2.5-vl-72b-instruct'),
    [switch] $Sweep,
    [switch] $SweepOnly,
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) "visionps-legibility-$PID")
)

$ErrorActionPreference = 'Stop'
foreach ($tool in 'tesseract', 'convert') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not on PATH (apt-get install tesseract-ocr imagemagick)." }
}

$repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
Import-Module (Join-Path $repo 'out/VisionPS/VisionPS.psd1') -Force
New-Item -ItemType Directory -Path $WorkFolder -Force | Out-Null

# Known text: seeded random words of a Debian licence file (real English words, same every run).
$vocabularyFile = '/usr/share/common-licenses/GPL-3'
$vocabulary = @(([IO.File]::ReadAllText($vocabularyFile) -split '[^A-Za-z]+') | Where-Object { $_.Length -ge 3 } | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique)

function New-Lines([int] $Seed, [int] $Count, [int] $WordsPerLine) {
    $random = [Random]::new($Seed)
    foreach ($i in 1..$Count) { (1..$WordsPerLine | ForEach-Object { $vocabulary[$random.Next($vocabulary.Count)] }) -join ' ' }
}

function New-Document([string] $Name, [string[]] $Lines, [string] $Font, [int] $PixelSize, [int] $Width) {
    $png = Join-Path $WorkFolder "$Name.png"
    # -density 72: points are pixels. caption: draws the lines as given (none is wider than the image, so none wraps).
    # Blocks of 8 lines, stacked: Debian's ImageMagick policy refuses @file and one very tall caption.
    $blocks = for ($i = 0; $i -lt $Lines.Count; $i += 8) {
        $block = Join-Path $WorkFolder "$Name-block-$i.png"
        & convert -density 72 -size "${Width}x" -background white -fill black -font $Font -pointsize $PixelSize "caption:$($Lines[$i..([Math]::Min($i + 7, $Lines.Count - 1))] -join "`n")" $block
        if ($LASTEXITCODE) { throw "convert failed for $Name" }
        $block
    }

    & convert @blocks -append -strip "PNG24:$png"
    if ($LASTEXITCODE) { throw "convert failed for $Name" }
    $png
}

function Get-Words([string] $Text) {
    @(($Text.ToLowerInvariant() -split '[^a-z]+') | Where-Object { $_.Length -ge 1 })
}

function Measure-Accuracy([string[]] $Truth, [string[]] $Read) {
    $counts = @{}
    foreach ($w in $Read) { $counts[$w] = 1 + [int]$counts[$w] }
    $matched = 0
    foreach ($w in $Truth) { if ([int]$counts[$w] -gt 0) { $counts[$w]--; $matched++ } }
    [Math]::Round($matched / $Truth.Count, 3)
}

function Read-Text([string] $Path) {
    $out = & tesseract $Path stdout -l eng 2>$null
    ($out -join "`n")
}

function Read-Parts([object[]] $Parts, [string] $Prefix) {
    $i = 0
    $texts = foreach ($part in $Parts) {
        $i++
        $extension = if ($part.MimeType -eq 'image/png') { 'png' } else { 'jpg' }
        $file = Join-Path $WorkFolder "$Prefix-$i.$extension"
        [IO.File]::WriteAllBytes($file, $part.Data.ToArray())   # exactly the bytes the data URL carries
        Read-Text $file
    }
    $texts -join "`n"
}

$documents = @(
    @{ Name = 'receipt'; Lines = @(New-Lines 18 300 4); Font = 'DejaVu-Sans-Mono'; Size = 22; Width = 1000 }
    @{ Name = 'screenshot'; Lines = @(New-Lines 19 280 9); Font = 'DejaVu-Sans'; Size = 15; Width = 1200 }
)

$results = if (-not $SweepOnly) { foreach ($doc in $documents) {
    $png = New-Document $doc.Name $doc.Lines $doc.Font $doc.Size $doc.Width
    $truth = Get-Words ($doc.Lines -join ' ')
    $size = (& identify -format '%wx%h' $png)
    [pscustomobject]@{ Document = $doc.Name; Size = $size; Model = '(original file)'; Tile = '-'; Parts = 1; SentAs = $size; Accuracy = Measure-Accuracy $truth (Get-Words (Read-Text $png)) }
    foreach ($m in $Model) {
        foreach ($tile in 'off', 'auto') {
            $parts = @(ConvertTo-ImagePart -Path $png -Model $m -Detail high -Tile $tile -WarningAction SilentlyContinue)
            $read = Read-Parts $parts "$($doc.Name)-$m-$tile"
            $sentAs = ($parts | ForEach-Object { "$($_.Width)x$($_.Height)" } | Select-Object -Unique) -join ','
            [pscustomobject]@{ Document = $doc.Name; Size = $size; Model = $m; Tile = $tile; Parts = $parts.Count; SentAs = $sentAs; Accuracy = Measure-Accuracy $truth (Get-Words $read) }
        }
    }
} }

$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Output

if ($Sweep -or $SweepOnly) {
    # One square page per text, read at a range of downscale factors through VisionPS's resampler (-MaxSize).
    $sweepRows = foreach ($doc in $documents) {
        $lines = @($doc.Lines[0..39])
        $png = New-Document "$($doc.Name)-page" $lines $doc.Font $doc.Size $doc.Width
        $truth = Get-Words ($lines -join ' ')
        $long = [int]((& identify -format '%w %h' $png) -split ' ' | Measure-Object -Maximum).Maximum
        foreach ($scale in 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3) {
            $parts = @(ConvertTo-ImagePart -Path $png -MaxSize ([Math]::Max(16, [int]($long * $scale))) -Tile off -WarningAction SilentlyContinue)
            [pscustomobject]@{ Document = $doc.Name; Font = "$($doc.Font) $($doc.Size) px"; Scale = $scale; Accuracy = Measure-Accuracy $truth (Get-Words (Read-Parts $parts "$($doc.Name)-sweep-$scale")) }
        }
    }

    $sweepRows | Format-Table -AutoSize | Out-String -Width 200 | Write-Output
}

Remove-Item -Recurse -Force $WorkFolder
