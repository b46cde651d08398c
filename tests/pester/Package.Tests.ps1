#Requires -Version 7.4
# The Gallery package as a user gets it: build.ps1 -Task Package makes the nupkg with PSResourceGet, Install-PSResource
# installs it from a local file repository into a temporary home, and a new pwsh imports it and talks to the test server.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-package-test-" + [guid]::NewGuid())
    $script:Feed = Join-Path $Work 'feed'
    $script:TempHome = Join-Path $Work 'home'
    New-Item -ItemType Directory -Path $Feed, $TempHome | Out-Null
    Copy-Item (Join-Path $RepoRoot '../shared/testdata/images/jpeg/baseline_420_227x149.jpg') (Join-Path $Work 'a.jpg')
    $script:Pwsh = Join-Path $PSHOME 'pwsh'
    $script:Version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'VisionPS.psd1')).ModuleVersion

    # A new pwsh whose home (so CurrentUser modules and PSResourceGet's repository list) is the temporary one.
    function script:Invoke-FreshPwsh([string] $Command) {
        $saved = @{}
        foreach ($name in 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'PSModulePath') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:HOME = $TempHome
            foreach ($name in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'PSModulePath') { [Environment]::SetEnvironmentVariable($name, $null) }
            & $Pwsh -NoProfile -NonInteractive -Command $Command 2>&1
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build.ps1') -Task Package -NoBuild -PackageOutput $Feed | Out-Null
    $script:Package = Get-Item (Join-Path $Feed "VisionPS.$Version.nupkg") -ErrorAction Ignore
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'build.ps1 -Task Package' {
    It 'makes VisionPS.<version>.nupkg with the module, help, format and types files and nothing from bin, obj or pdb' {
        $Package | Should -Not -BeNullOrEmpty
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        foreach ($file in 'VisionPS.psd1', 'VisionPS.dll', 'Dependencies/VisionPS.Core.dll', 'Dependencies/VisionPS.Imaging.dll', 'Dependencies/System.Net.ServerSentEvents.dll', 'Dependencies/SixLabors.ImageSharp.dll',
            'Dependencies/Microsoft.Data.Sqlite.dll', 'Dependencies/UglyToad.PdfPig.dll', 'Dependencies/runtimes/linux-x64/native/libe_sqlite3.so', 'Dependencies/runtimes/win-x64/native/e_sqlite3.dll', 'Dependencies/runtimes/osx-arm64/native/libe_sqlite3.dylib',
            'VisionPS.format.ps1xml', 'VisionPS.types.ps1xml', 'en-US/VisionPS.dll-Help.xml', 'en-US/about_VisionPS.help.txt', 'LICENSE') {
            $entries | Should -Contain $file
        }
        # A Release build on linux-x64 ships the precompiled imaging assembly beside the portable one.
        if (Test-Path (Join-Path $RepoRoot 'out/VisionPS/Dependencies/linux-x64-net10/VisionPS.Imaging.dll')) {
            $entries | Should -Contain 'Dependencies/linux-x64-net10/VisionPS.Imaging.dll'
        }
        $entries | Where-Object { $_ -match '(^|/)(bin|obj)/|\.pdb$' } | Should -BeNullOrEmpty
    }

    It 'carries the Gallery metadata in its nuspec' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try { $nuspec = [xml]([System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'VisionPS.nuspec').Open()).ReadToEnd()) } finally { $zip.Dispose() }
        $metadata = $nuspec.package.metadata
        $metadata.version | Should -Be $Version
        # No invented addresses: the manifest leaves ProjectUri/LicenseUri out until the project has real ones.
        $metadata.projectUrl | Should -BeNullOrEmpty
        $metadata.licenseUrl | Should -BeNullOrEmpty
        $metadata.tags | Should -Match 'Vision'
        $metadata.releaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe 'The installed package' {
    BeforeAll {
        $script:Installed = Invoke-FreshPwsh @"
Register-PSResourceRepository -Name VisionPSTest -Uri '$Feed' -Trusted
Install-PSResource -Name VisionPS -Repository VisionPSTest -Scope CurrentUser -TrustRepository -Quiet
(Get-Module -ListAvailable VisionPS).ModuleBase
"@
    }

    It 'installs with Install-PSResource into the temporary home' {
        ($Installed | Select-Object -Last 1) | Should -BeLike "$TempHome*VisionPS*$Version"
    }

    It 'imports in a new pwsh, has its help, and answers through the test server' {
        $out = Invoke-FreshPwsh @"
Import-Module VisionPS
(Get-Module VisionPS).ModuleBase
(Get-Help Invoke-VisionChat).examples.example.Count
`$r = Invoke-VisionChat 'Describe' -Image '$(Join-Path $Work 'a.jpg')' -BaseUrl '$($Server.BaseUrl)' -ApiKey '$($Server.ApiKey)' -Model gpt-4o -InformationAction Ignore
`$r.PSObject.TypeNames[0]
`$r.Text
"@
        $text = $out -join "`n"
        $out[0] | Should -BeLike "$TempHome*"
        [int]$out[1] | Should -BeGreaterOrEqual 3
        $out[2] | Should -Be 'VisionPS.ChatResult'
        $text | Should -Match 'image 1: image/jpeg 227x149'
        $text | Should -Not -Match ([regex]::Escape($Server.ApiKey))
    }
}
