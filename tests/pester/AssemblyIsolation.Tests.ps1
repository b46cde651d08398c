#Requires -Version 7.4
# The module's own AssemblyLoadContext (issue 11 point 3): a session that already holds another SixLabors.ImageSharp
# (here a stand-in with that name and version 99.0.0.0, built by the test) still imports VisionPS and decodes WebP and
# TIFF with the ImageSharp 2.1.13 in out/VisionPS/Dependencies. Each case runs in a fresh pwsh, as a user's session would.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    if (-not (Test-Path $Images)) { throw "Shared test data not found at $Images (expected ../shared next to the repository)." }
    $script:Module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-alc-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null
    # The fresh sessions inherit it: their chat cmdlets journal into the temp folder, never the user's (issue 19).
    $script:SavedHistoryPath = $env:VISIONPS_HISTORY_PATH
    $env:VISIONPS_HISTORY_PATH = Join-Path $Work 'history.db'

    # The stand-in: an assembly named SixLabors.ImageSharp, version 99.0.0.0, whose Image type has none of the real API.
    # Add-Type cannot name an assembly, so Roslyn (which Add-Type brings into the session) compiles it directly.
    $script:StandIn = Join-Path $Work 'SixLabors.ImageSharp.dll'
    Add-Type -TypeDefinition 'public static class VisionPSRoslynWarmUp { }'
    $source = '[assembly: System.Reflection.AssemblyVersion("99.0.0.0")] namespace SixLabors.ImageSharp { public static class Image { public static string Who => "stand-in"; } }'
    $runtime = [IO.Path]::GetDirectoryName([object].Assembly.Location)
    $references = [Microsoft.CodeAnalysis.MetadataReference[]]@(
        [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([object].Assembly.Location),
        [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile((Join-Path $runtime 'System.Runtime.dll')))
    $compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('SixLabors.ImageSharp',
        [Microsoft.CodeAnalysis.SyntaxTree[]]@([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($source)), $references,
        [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary))
    # Emit(Stream, ...) has only optional parameters after the stream, which PowerShell cannot leave out: null is their default.
    $emit = $compilation.GetType().GetMethods() | Where-Object { $_.Name -eq 'Emit' -and $_.GetParameters()[0].ParameterType -eq [IO.Stream] } |
        Sort-Object { $_.GetParameters().Count } | Select-Object -First 1
    $stream = [IO.File]::Create($StandIn)
    try { $emitted = $emit.Invoke($compilation, [object[]](@($stream) + @($null) * ($emit.GetParameters().Count - 1))) } finally { $stream.Dispose() }
    if (-not $emitted.Success) { throw "The stand-in did not compile: $($emitted.Diagnostics -join '; ')" }

    # Runs a script in a fresh pwsh (the same PowerShell as this one) and returns its output as one JSON object.
    function script:Invoke-FreshSession([string] $Script) {
        $file = Join-Path $Work ("session-" + [guid]::NewGuid() + '.ps1')
        Set-Content -Path $file -Value $Script
        $pwsh = Join-Path $PSHOME 'pwsh.dll'
        $output = & ([System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName) $pwsh -NoProfile -NonInteractive -File $file 2>&1
        if ($LASTEXITCODE) { throw "The fresh session failed ($LASTEXITCODE): $($output -join "`n")" }
        ($output -join "`n") | ConvertFrom-Json
    }
}

AfterAll {
    $env:VISIONPS_HISTORY_PATH = $SavedHistoryPath
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Assembly isolation' {
    It 'uses its own ImageSharp 2.1.13 after another module loaded a SixLabors.ImageSharp 99.0 into the session' {
        $result = Invoke-FreshSession @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$StandIn'
`$first = '{0} {1}' -f [SixLabors.ImageSharp.Image]::Who, [SixLabors.ImageSharp.Image].Assembly.GetName().Version
Import-Module '$Module'
`$webp = ConvertTo-ImagePart '$Images/webp/lossless_vp8l_386x395.webp' -ConvertWebP
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'SixLabors.ImageSharp' } |
    ForEach-Object { '{0} in {1}' -f `$_.GetName().Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
[pscustomobject]@{ First = `$first; MimeType = `$webp.MimeType; Width = `$webp.Width; Changes = "`$(`$webp.Changes)"; Loaded = @(`$loaded | Sort-Object) } | ConvertTo-Json -Compress
"@
        $result.First | Should -Be 'stand-in 99.0.0.0'
        $result.MimeType | Should -Be 'image/png'
        $result.Width | Should -Be 386
        $result.Changes | Should -Match 'FormatChanged'
        $result.Loaded | Should -Be @('2.0.0.0 in VisionPS', '99.0.0.0 in Default')
    }

    It 'keeps the engine and every third-party assembly it ships out of the default load context' {
        $result = Invoke-FreshSession @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Module'
`$null = ConvertTo-ImagePart '$Images/webp/lossy_vp8_550x368.webp' -ConvertWebP
`$mine = 'VisionPS.Core', 'VisionPS.Imaging', 'SixLabors.ImageSharp'
`$where = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$mine -contains `$_.GetName().Name } |
    ForEach-Object { '{0} in {1}' -f `$_.GetName().Name, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
[pscustomobject]@{ Where = @(`$where | Sort-Object); TypeName = [VisionPS.ImageChanges]::Resized.GetType().FullName } | ConvertTo-Json -Compress
"@
        $result.Where | Should -Be @('SixLabors.ImageSharp in VisionPS', 'VisionPS.Core in VisionPS', 'VisionPS.Imaging in VisionPS')
        $result.TypeName | Should -Be 'VisionPS.ImageChanges'
    }

    It 'lays the engine out in Dependencies/, beside nothing but the root module' {
        $root = Join-Path $RepoRoot 'out/VisionPS'
        (Get-ChildItem $root -Filter *.dll).Name | Should -Be @('VisionPS.dll')
        (Get-ChildItem (Join-Path $root 'Dependencies') -Filter *.dll).Name | Sort-Object |
            Should -Be @('Microsoft.Data.Sqlite.dll', 'SixLabors.ImageSharp.dll', 'SQLitePCLRaw.batteries_v2.dll', 'SQLitePCLRaw.core.dll', 'SQLitePCLRaw.provider.e_sqlite3.dll', 'System.Net.ServerSentEvents.dll',
                'UglyToad.PdfPig.Core.dll', 'UglyToad.PdfPig.dll', 'UglyToad.PdfPig.DocumentLayoutAnalysis.dll', 'UglyToad.PdfPig.Fonts.dll', 'UglyToad.PdfPig.Package.dll', 'UglyToad.PdfPig.Tokenization.dll', 'UglyToad.PdfPig.Tokens.dll',
                'VisionPS.Core.dll', 'VisionPS.Imaging.dll')
    }

    It 'keeps the layers: the cmdlets reference Core and not the imaging layer, which Core reaches through IImageEngine' {
        $result = Invoke-FreshSession @"
`$ErrorActionPreference = 'Stop'
`$bytes = [IO.File]::ReadAllBytes('$RepoRoot/out/VisionPS/VisionPS.dll')
`$pe = [System.Reflection.PortableExecutable.PEReader]::new([IO.MemoryStream]::new(`$bytes))
`$reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader(`$pe)
`$names = foreach (`$handle in `$reader.AssemblyReferences) { `$reader.GetString(`$reader.GetAssemblyReference(`$handle).Name) }
Import-Module '$Module'
`$pair = Compare-Image -ReferenceImage '$Images/png/rgba_8bit_basn6a08.png' -DifferenceImage '$Images/png/rgba_8bit_basn6a08.png' -Local
[pscustomobject]@{ Ours = @(`$names | Where-Object { `$_ -like 'VisionPS*' }); Identical = `$pair.Identical; Measures = `$pair.Measures.GetType().FullName } | ConvertTo-Json -Compress
"@
        $result.Ours | Should -Be @('VisionPS.Core')
        $result.Identical | Should -BeTrue
        $result.Measures | Should -Be 'VisionPS.LocalMeasures'
    }

    It 'loads Microsoft.Data.Sqlite and the e_sqlite3 it ships in its own load context, and writes the journal (issue 19)' {
        $journal = Join-Path $Work 'alc-history/history.db'
        $result = Invoke-FreshSession @"
`$ErrorActionPreference = 'Stop'
`$env:VISIONPS_HISTORY_PATH = '$journal'
Import-Module '$Module'
`$rows = @(Get-VisionHistory).Count
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core' } |
    ForEach-Object { '{0} in {1}' -f `$_.GetName().Name, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
`$native = if (`$IsLinux) { @(Get-Content /proc/self/maps | Where-Object { `$_ -match 'libe_sqlite3' } | ForEach-Object { (`$_ -split '\s+')[-1] } | Select-Object -Unique) } else { @() }
[pscustomobject]@{ Rows = `$rows; Loaded = @(`$loaded | Sort-Object); Native = `$native; Exists = (Test-Path '$journal') } | ConvertTo-Json -Compress
"@
        $result.Rows | Should -Be 0
        $result.Exists | Should -BeTrue
        $result.Loaded | Should -Be @('Microsoft.Data.Sqlite in VisionPS', 'SQLitePCLRaw.core in VisionPS')
        if ($IsLinux) { $result.Native | Should -BeLike '*/out/VisionPS/Dependencies/runtimes/linux-*/native/libe_sqlite3.so' }
    }
}
