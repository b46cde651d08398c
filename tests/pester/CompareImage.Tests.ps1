#Requires -Version 7.4
# Pester 5 tests of Compare-Image against the module in out/VisionPS and the project's test server.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Samples = Join-Path $RepoRoot '../shared/samples'
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-compare-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null
    # Pairs with known answers, made by ImageMagick from a shared sample photo.
    & convert (Join-Path $Samples 'street_classic_cars.jpg') -resize '512x384!' -strip (Join-Path $Work 'ref.png')
    & convert (Join-Path $Work 'ref.png') -define png:compression-level=1 (Join-Path $Work 'copy.png')
    & convert (Join-Path $Work 'ref.png') -fill 'rgb(20,20,20)' -draw 'rectangle 300,200 379,279' (Join-Path $Work 'added.png')
    & convert (Join-Path $Samples 'bird_northern_cardinal.jpg') -resize '512x384!' -strip (Join-Path $Work 'other.png')
    function script:Requests { @(Get-VisionTestRequests $Server) }
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Compare-Image' {
    It 'is exported' {
        Get-Command Compare-Image -Module VisionPS | Should -Not -BeNullOrEmpty
    }

    It 'sends both images in one request, each labelled in order, with the default prompt' {
        $before = (Requests).Count
        $r = Compare-Image -ReferenceImage (Join-Path $Work 'ref.png') -DifferenceImage (Join-Path $Work 'added.png') @Chat -InformationAction Ignore
        $sent = @(Requests)
        $sent.Count | Should -Be ($before + 1)
        $parts = $sent[-1].json.messages[-1].content
        $parts.type | Should -Be @('text', 'image_url', 'text', 'image_url', 'text')
        $parts[0].text | Should -Be 'Image 1 (reference): ref.png'
        $parts[2].text | Should -Be 'Image 2 (difference): added.png'
        $parts[4].text | Should -BeLike '*differences*'
        # The server lists the images it got in order: the reference's size first.
        $r.Text | Should -Match 'image 1: image/png 512x384'
        $r.Text | Should -Match 'image 2: image/png 512x384'
        $r.PSObject.TypeNames[0] | Should -Be 'VisionPS.ImageComparison'
        $r.ReferenceImage | Should -BeLike '*ref.png'
        $r.DifferenceImage | Should -BeLike '*added.png'
        $r.Answer.Usage.TotalTokens | Should -BeGreaterThan 0
        $r.Usage.TotalTokens | Should -Be $r.Answer.Usage.TotalTokens
        $r.Identical | Should -BeFalse
        @($r.Changes).Count | Should -Be 1
    }

    It '-Prompt replaces the default prompt' {
        $r = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'other.png') 'Which one shows a bird?' @Chat -InformationAction Ignore
        (Requests)[-1].json.messages[-1].content[4].text | Should -Be 'Which one shows a bird?'
        $r.Text | Should -Match 'prompt: Image 1 \(reference\): ref.png'
    }

    It '-Local computes the measures only: nothing sent, no key needed' {
        $before = (Requests).Count
        $same = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'copy.png') -Local -BaseUrl 'https://api.example.com/v1'
        $added = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') -Local -BaseUrl 'https://api.example.com/v1'
        $other = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'other.png') -Local -BaseUrl 'https://api.example.com/v1'
        (Requests).Count | Should -Be $before
        $same.Identical | Should -BeTrue
        $same.Ssim | Should -Be 1
        $same.PerceptualHashDistance | Should -Be 0
        $same.Answer | Should -BeNullOrEmpty
        $added.Identical | Should -BeFalse
        $box = @($added.Changes)[0]
        $box.X | Should -BeLessOrEqual 300
        ($box.X + $box.Width) | Should -BeGreaterOrEqual 380
        $other.Ssim | Should -BeLessThan $added.Ssim
        $other.PerceptualHashDistance | Should -BeGreaterThan $added.PerceptualHashDistance
    }

    It 'compares many difference images (wildcards) with one reference, one object each' {
        $r = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work '*.png') -Local
        $r.Count | Should -Be 4
        ($r | Where-Object Identical).DifferenceImage | Sort-Object | ForEach-Object { Split-Path -Leaf $_ } | Should -Be @('copy.png', 'ref.png')
    }

    It 'takes pairs from Import-Csv by property name' {
        $csv = Join-Path $Work 'pairs.csv'
        @(
            [pscustomobject]@{ ReferenceImage = (Join-Path $Work 'ref.png'); DifferenceImage = (Join-Path $Work 'copy.png') }
            [pscustomobject]@{ ReferenceImage = (Join-Path $Work 'ref.png'); DifferenceImage = (Join-Path $Work 'added.png') }
        ) | Export-Csv $csv
        $r = Import-Csv $csv | Compare-Image @Chat -InformationAction Ignore
        $r.Count | Should -Be 2
        $r[0].Identical | Should -BeTrue
        $r[1].Identical | Should -BeFalse
        $r.Text | ForEach-Object { $_ | Should -Match 'image 2: ' }
    }

    It '-RequestBodyOnly writes the labelled request and sends nothing; -WhatIf sends nothing' {
        $before = (Requests).Count
        $json = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') -Model gpt-4o -BaseUrl 'https://api.example.com/v1' -RequestBodyOnly | ConvertFrom-Json
        $json.messages[-1].content[0].text | Should -Be 'Image 1 (reference): ref.png'
        @($json.messages[-1].content | Where-Object type -eq 'image_url').Count | Should -Be 2
        Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') @Chat -WhatIf 6>&1 | Out-Null
        (Requests).Count | Should -Be $before
    }

    It 'runs a batch with -ThrottleLimit and retries a failed request' {
        Add-VisionTestFault $Server @{ kind = 'status'; status = 503 }
        $r = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work '*.png') @Chat -ThrottleLimit 3 -MaximumRetryWaitSec 1
        $r.Count | Should -Be 4
        ($r.Answer.Attempts | Measure-Object -Sum).Sum | Should -Be 5
        @($r | Where-Object { $null -ne $_.Ssim }).Count | Should -Be 4
    }

    It '-MaxCost stops before the request that would pass it' {
        { Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') @Chat -MaxCost 0.0000001 -InformationAction Ignore -ErrorAction Stop } |
            Should -Throw -ErrorId 'CostLimitExceeded,VisionPS.Commands.CompareImageCommand'
    }

    It 'reports a missing difference image as a non-terminating error and compares the rest' {
        $missing = Join-Path $Work 'missing.png'
        $r = Compare-Image (Join-Path $Work 'ref.png') $missing, (Join-Path $Work 'copy.png') @Chat -InformationAction Ignore -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,VisionPS.Commands.CompareImageCommand'
        $errs[0].TargetObject | Should -Be $missing
    }

    It 'never shows the API key in any stream or in the result' {
        $all = & {
            Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') @Chat -Verbose -Debug
        } *>&1 | Out-String
        $all += Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') @Chat -InformationAction Ignore | ConvertTo-Json -Depth 6
        $all | Should -Match 'POST'
        $all | Should -Not -Match ([regex]::Escape($Server.ApiKey))
    }

    It 'shows a table view' {
        $text = Compare-Image (Join-Path $Work 'ref.png') (Join-Path $Work 'added.png') -Local | Out-String
        $text | Should -Match 'ReferenceImage\s+DifferenceImage\s+Identical\s+Ssim'
        $text | Should -Match 'ref\.png\s+added\.png\s+no'
    }
}
