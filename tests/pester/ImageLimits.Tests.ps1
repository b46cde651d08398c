#Requires -Version 7.4
# Pester 5: the per-request image warning and the catalog's per-request image limit (issue 10 point 6).

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-limits-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:Three = 1..3 | ForEach-Object {
        $p = Join-Path $Work "img$_.jpg"; Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') $p; $p
    }
    $script:Catalog = Join-Path $Work 'catalog.json'
    '{ "version": 1, "models": [ { "id": "gpt-4o", "provider": "openai", "vision": true, "imageTokens": { "rule": "openai-tiles", "base": 85, "tile": 170 }, "maxImagesPerRequest": 2 } ] }' |
        Set-Content $Catalog
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
    Remove-Item Env:VISIONPS_MODEL_CATALOG -ErrorAction Ignore
}

Describe 'Images per request' {
    It 'warns when one request carries more than two images' {
        $r = Invoke-VisionChat 'Which differ?' -Image $Three @Chat -InformationAction Ignore -WarningVariable warns -WarningAction SilentlyContinue
        $r.Images.Count | Should -Be 3
        ($warns -join "`n") | Should -Match 'at most 2 per request'
    }

    It 'does not warn for two images' {
        Invoke-VisionChat 'Which differ?' -Image $Three[0, 1] @Chat -InformationAction Ignore -WarningVariable warns -WarningAction SilentlyContinue | Out-Null
        ($warns -join "`n") | Should -Not -Match 'per request'
    }

    It 'refuses a request over the catalog''s limit before sending, as a non-terminating TooManyImages error' {
        $env:VISIONPS_MODEL_CATALOG = $Catalog
        try {
            $before = @(Get-VisionTestRequests $Server).Count
            $r = Invoke-VisionChat 'Which differ?' -Image $Three @Chat -InformationAction Ignore -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            @(Get-VisionTestRequests $Server).Count | Should -Be $before
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'TooManyImages,VisionPS.Commands.InvokeVisionChatCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errs[0].Exception.Message | Should -Match 'at most 2'
            # Two images are within the limit and are sent.
            (Invoke-VisionChat 'Which differ?' -Image $Three[0, 1] @Chat -InformationAction Ignore).Images.Count | Should -Be 2
        }
        finally { Remove-Item Env:VISIONPS_MODEL_CATALOG -ErrorAction Ignore }
    }
}
