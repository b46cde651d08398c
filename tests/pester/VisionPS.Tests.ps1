#Requires -Version 7.4
# Pester 5 tests of the cmdlets, run against the module in out/VisionPS and the project's test server.
# Run: Invoke-Pester tests/pester (after dotnet build VisionPS.sln).

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    if (-not (Test-Path $Images)) { throw "Shared test data not found at $Images (expected ../shared next to the repository)." }
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-pester-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null
    Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') (Join-Path $Work 'a.jpg')
    Copy-Item (Join-Path $Images 'jpeg/grayscale_32x32.jpg') (Join-Path $Work 'b.jpg')
    Copy-Item (Join-Path $Images 'png/rgba_8bit_basn6a08.png') (Join-Path $Work 'c.png')
    Set-Content -Path (Join-Path $Work 'not-an-image.bin') -Value 'hello'
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Module' {
    It 'exports exactly the cmdlets its manifest lists, and the first three it shipped' {
        $listed = (Import-PowerShellDataFile (Join-Path $RepoRoot 'VisionPS.psd1')).CmdletsToExport | Sort-Object
        (Get-Command -Module VisionPS).Name | Sort-Object | Should -Be $listed
        $listed | Should -Contain 'Invoke-VisionChat'
        $listed | Should -Contain 'ConvertTo-ImagePart'
        $listed | Should -Contain 'Get-VisionModel'
    }
}

Describe 'ConvertTo-ImagePart' {
    It 'reads type and size from the content' {
        $part = ConvertTo-ImagePart -Path (Join-Path $Work 'c.png')
        $part.MimeType | Should -Be 'image/png'
        $part.Width | Should -Be 32
        $part.Height | Should -Be 32
        $part.ByteLength | Should -Be (Get-Item (Join-Path $Work 'c.png')).Length
        $part.PSObject.TypeNames[0] | Should -Be 'VisionPS.ImagePart'
    }

    It 'binds Get-ChildItem output and keeps going past a bad file' {
        $parts = Get-ChildItem $Work | ConvertTo-ImagePart -Detail low -ErrorVariable errs -ErrorAction SilentlyContinue
        $parts.Count | Should -Be 3
        $parts.Detail | Sort-Object -Unique | Should -Be 'low'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageFormatNotRecognized,VisionPS.Commands.ConvertToImagePartCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].TargetObject | Should -BeLike '*not-an-image.bin'
    }

    It 'expands wildcards in -Path' {
        (ConvertTo-ImagePart -Path (Join-Path $Work '*.jpg') -ErrorAction SilentlyContinue).Count | Should -Be 2
    }

    It 'refuses other URL schemes and passes http(s) through' {
        $parts = ConvertTo-ImagePart -Uri 'ftp://example.com/x.jpg', 'https://example.com/y.jpg' -ErrorVariable errs -ErrorAction SilentlyContinue
        $parts.Source | Should -Be 'https://example.com/y.jpg'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ImageUrlNotSupported,*'
    }

    It 'takes bytes' {
        $bytes = [System.IO.File]::ReadAllBytes((Join-Path $Work 'a.jpg'))
        $part = ConvertTo-ImagePart -Bytes $bytes -Name 'camera'
        $part.Source | Should -Be 'camera'
        $part.MimeType | Should -Be 'image/jpeg'
    }

    It 'prepares several images at once yet writes parts, warnings and errors in input order, as -ThrottleLimit 1 does' {
        $mixed = Join-Path $TestDrive 'order'
        New-Item -ItemType Directory -Path $mixed | Out-Null
        # The first image is by far the slowest to prepare, so work finishing out of order would show.
        Copy-Item (Join-Path $RepoRoot '../shared/samples/street_classic_cars.jpg') (Join-Path $mixed '00-a-photo.jpg')
        $sources = 'jpeg/baseline_420_227x149.jpg', 'corrupt/jpeg_truncated_50pct.jpg', 'png/rgba_8bit_basn6a08.png', 'gif/animated_30frames_80x80.gif',
            'webp/lossy_vp8_550x368.webp', 'corrupt/empty_0_bytes.jpg', 'jpeg/grayscale_32x32.jpg', 'bmp/rgb24_127x64.bmp'
        $i = 0
        foreach ($source in $sources) { Copy-Item (Join-Path $Images $source) (Join-Path $mixed ('{0:d2}-{1}' -f ++$i, (Split-Path -Leaf $source))) }
        $files = Get-ChildItem $mixed | Sort-Object Name

        $describe = { param($r) if ($r -is [System.Management.Automation.ErrorRecord]) { "error $(Split-Path -Leaf $r.TargetObject) $($r.FullyQualifiedErrorId)" } elseif ($r -is [System.Management.Automation.WarningRecord]) { "warning $($r.Message)" } else { "part $(Split-Path -Leaf $r.Source) $($r.MimeType) $($r.Width)x$($r.Height) $([Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($r.Data.ToArray())))" } }
        $parallel = @($files | ConvertTo-ImagePart -Detail high -ThrottleLimit 4 -ErrorAction Continue 2>&1 3>&1 | ForEach-Object { & $describe $_ })
        $serial = @($files | ConvertTo-ImagePart -Detail high -ThrottleLimit 1 -ErrorAction Continue 2>&1 3>&1 | ForEach-Object { & $describe $_ })

        $parallel | Should -Be $serial
        @($parallel | Where-Object { $_ -like 'part *' }).Count | Should -Be 7
        # One part or error per file, in the files' order; each warning comes just before its file's part.
        ($parallel | Where-Object { $_ -notlike 'warning *' } | ForEach-Object { ($_ -split ' ')[1] }) | Should -Be $files.Name
        $parallel | Where-Object { $_ -like 'warning *' } | Should -Not -BeNullOrEmpty
        $parallel[0] | Should -BeLike 'part 00-a-photo.jpg image/jpeg *'
        $parallel[2] | Should -BeLike 'error 02-jpeg_truncated_50pct.jpg ImageDecodeFailed,*'
    }

    It 'stops cleanly when a later command wants no more (Select-Object -First)' {
        $files = 1..12 | ForEach-Object { Get-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') }
        $first = @($files | ConvertTo-ImagePart -ThrottleLimit 4 | Select-Object -First 2)
        $first.Count | Should -Be 2
        $first[0].MimeType | Should -Be 'image/jpeg'
    }

    It 'has a readable table view' {
        $text = ConvertTo-ImagePart -Path (Join-Path $Work 'c.png') | Out-String
        $text | Should -Match 'Type'
        $text | Should -Match 'c\.png\s+png\s+32x32'
    }
}

Describe 'Invoke-VisionChat' {
    It 'sends one request per piped image and streams the answer to the host' {
        $results = Get-ChildItem $Work -Filter *.jpg | Invoke-VisionChat 'Describe this image' @Chat -InformationVariable info
        $results.Count | Should -Be 2
        $results[0].PSObject.TypeNames[0] | Should -Be 'VisionPS.ChatResult'
        $results | ForEach-Object { $_.Images.Count | Should -Be 1; $_.Text | Should -Match 'image 1: image/jpeg' }
        $results[0].Images[0] | Should -BeLike '*a.jpg'
        $results[0].Usage.TotalTokens | Should -BeGreaterThan 0
        ($info | Where-Object { $_.Tags -contains 'PSHOST' }).Count | Should -BeGreaterThan 2
        (-join ($info | ForEach-Object { $_.MessageData.Message })) | Should -Match ([regex]::Escape($results[0].Text))
    }

    It 'sends all piped images in one request with -SingleRequest' {
        $result = Get-ChildItem $Work -Filter *.jpg | Invoke-VisionChat 'Compare' @Chat -SingleRequest -InformationAction Ignore
        @($result).Count | Should -Be 1
        $result.Images.Count | Should -Be 2
        $result.Text | Should -Match 'image 2: image/jpeg'
    }

    It 'takes ImagePart objects and -Image lists' {
        $part = ConvertTo-ImagePart -Path (Join-Path $Work 'c.png') -Detail high
        $r = Invoke-VisionChat 'What?' -Image $part, 'https://example.com/z.jpg' @Chat -InformationAction Ignore
        $r.Text | Should -Match 'image 1: image/png 32x32 detail=high'
        $r.Text | Should -Match 'image 2: url https://example.com/z.jpg'
    }

    It 'takes FileInfo, wildcards and objects with a path property' {
        $r = Invoke-VisionChat 'Mixed' -Image (Get-Item (Join-Path $Work 'c.png')), (Join-Path $Work '*.jpg') @Chat -InformationAction Ignore
        $r.Images.Count | Should -Be 3
        $objects = [pscustomobject]@{ Path = (Join-Path $Work 'a.jpg') }, [pscustomobject]@{ FullName = (Join-Path $Work 'c.png') }
        $results = $objects | Invoke-VisionChat 'Objects' @Chat -InformationAction Ignore
        $results.Count | Should -Be 2
        $results[1].Text | Should -Match 'image/png'
    }

    It 'refuses an object that is not an image, naming it' {
        $null = Invoke-VisionChat 'x' -Image ([datetime]::Now) @Chat -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
        $errs[0].Exception.Message | Should -Match 'System.DateTime'
    }

    It 'reports a bad file as a non-terminating error and still answers the rest' {
        $results = Get-ChildItem $Work | Invoke-VisionChat 'Describe' @Chat -InformationAction Ignore -ErrorVariable errs -ErrorAction SilentlyContinue
        $results.Count | Should -Be 3
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageFormatNotRecognized,VisionPS.Commands.InvokeVisionChatCommand'
        $errs[0].TargetObject.Name | Should -Be 'not-an-image.bin'
    }

    It 'continues a conversation when a result is piped back in' {
        $first = Invoke-VisionChat 'Which car is red?' -Image (Join-Path $Work 'a.jpg') @Chat -InformationAction Ignore
        $second = $first | Invoke-VisionChat 'and the left one?' @Chat -InformationAction Ignore
        $second.Text | Should -Match 'messages: 3'
        $second.Text | Should -Match 'prompt: and the left one\?'
        $second.Messages.Count | Should -Be 4
    }

    It 'writes the exact request body without sending it' {
        $before = @(Get-VisionTestRequests $Server).Count
        $json = Invoke-VisionChat 'Body?' -Image (Join-Path $Work 'c.png') -Model gpt-4o -BaseUrl https://api.example.com/v1 -RequestBodyOnly
        $body = $json | ConvertFrom-Json
        $body.model | Should -Be 'gpt-4o'
        $body.messages[0].content[0].image_url.url | Should -BeLike 'data:image/png;base64,*'
        $body.messages[0].content[1].text | Should -Be 'Body?'
        @(Get-VisionTestRequests $Server).Count | Should -Be $before
    }

    It 'stops the command on a wrong key' {
        { Invoke-VisionChat 'hi' -BaseUrl $Server.BaseUrl -ApiKey 'sk-wrong' -Model gpt-4o -ErrorAction Stop } |
            Should -Throw -ErrorId 'ApiAuthenticationFailed,VisionPS.Commands.InvokeVisionChatCommand'
    }

    It 'stops the command when no key is set for a remote endpoint' {
        $saved = $env:VISIONPS_API_KEY, $env:OPENAI_API_KEY
        try {
            $env:VISIONPS_API_KEY = $null; $env:OPENAI_API_KEY = $null
            { Invoke-VisionChat 'hi' -BaseUrl https://api.example.com/v1 -Model m } | Should -Throw -ErrorId 'ApiKeyMissing,VisionPS.Commands.InvokeVisionChatCommand'
        }
        finally { $env:VISIONPS_API_KEY, $env:OPENAI_API_KEY = $saved }
    }

    It 'reads the key from $env:VISIONPS_API_KEY and accepts a SecureString' {
        $saved = $env:VISIONPS_API_KEY
        try {
            $env:VISIONPS_API_KEY = $Server.ApiKey
            (Invoke-VisionChat 'env key' -BaseUrl $Server.BaseUrl -Model gpt-4o -InformationAction Ignore).Text | Should -Match 'prompt: env key'
        }
        finally { $env:VISIONPS_API_KEY = $saved }
        $secure = ConvertTo-SecureString $Server.ApiKey -AsPlainText -Force
        (Invoke-VisionChat 'secure key' -BaseUrl $Server.BaseUrl -ApiKey $secure -Model gpt-4o -InformationAction Ignore).Text | Should -Match 'prompt: secure key'
    }

    It 'reports server failures per request with the right id' {
        Add-VisionTestFault $Server @{ kind = 'status'; status = 503 }
        $r = Invoke-VisionChat 'x' @Chat -MaximumRetryCount 0 -ErrorVariable errs -ErrorAction SilentlyContinue -InformationAction Ignore
        $r | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ApiServerError,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
    }

    It 'never shows the API key in any stream' {
        Add-VisionTestFault $Server @{ kind = 'status'; status = 500 }
        $all = & {
            Invoke-VisionChat 'secret check' @Chat -Verbose -Debug -ErrorAction Continue
            try { Invoke-VisionChat 'secret check' -BaseUrl $Server.BaseUrl -ApiKey 'sk-leak-check-wrong-key' -Model gpt-4o -Verbose }
            catch { $_ | Format-List * -Force | Out-String; $_.Exception.ToString(); $_.ErrorDetails | Out-String }
        } *>&1 | Out-String
        $all | Should -Match 'HTTP 401'
        $all += (Invoke-VisionChat 'json' @Chat -InformationAction Ignore | ConvertTo-Json -Depth 8)
        $all | Should -Match 'HTTP 500'
        $all | Should -Not -Match ([regex]::Escape($Server.ApiKey))
        $all | Should -Not -Match 'sk-leak-check-wrong-key'
    }

    It 'stops quietly on Ctrl+C (StopProcessing) while a stream is stalled' {
        Add-VisionTestFault $Server @{ kind = 'stall'; afterChunks = 1 }
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript('param($m, $c) Import-Module $m; Invoke-VisionChat "stall" @c').AddArgument((Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1')).AddArgument($Chat)
        $null = Register-ObjectEvent -InputObject $ps.Streams.Information -EventName DataAdded -SourceIdentifier visionps-stall
        try {
            $async = $ps.BeginInvoke()
            # Wait for the first streamed text: the request is then in flight and the server is stalling.
            Wait-Event -SourceIdentifier visionps-stall -Timeout 60 | Should -Not -BeNullOrEmpty
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally {
            Unregister-Event -SourceIdentifier visionps-stall -ErrorAction Ignore
            Remove-Event -SourceIdentifier visionps-stall -ErrorAction Ignore
            $ps.Dispose()
        }
    }

    It 'shows a readable default view' {
        $text = Invoke-VisionChat 'view' @Chat -InformationAction Ignore | Out-String
        $text | Should -Match 'Model\s+: gpt-4o'
        $text | Should -Match 'Usage\s+: \d+ in \+ \d+ out = \d+ \(estimate before sending: ~\d+ in\)'
        $text | Should -Match 'Cost\s+: 0\.\d+ USD'
    }
}

Describe 'Image preparation' {
    BeforeAll {
        $script:Bird = Join-Path $RepoRoot '../shared/samples/bird_northern_cardinal.jpg'   # 1920x1080, 829 KB
        $script:Rotated = Join-Path $Images 'exif/landscape_orientation_6.jpg'                # stored 450x600, EXIF 6
        $script:Bmp = Join-Path $Images 'bmp/rgb24_127x64.bmp'
        $script:WithExif = Join-Path $Images 'jpeg/baseline_422_640x480.jpg'                  # Exif + IPTC
    }

    It 'downscales a photo to the size the model uses (gpt-4o tiles: shorter side 768)' {
        $part = ConvertTo-ImagePart $Bird -Model gpt-4o
        $part.Width, $part.Height | Should -Be 1365, 768
        $part.OriginalWidth, $part.OriginalHeight | Should -Be 1920, 1080
        $part.OriginalByteLength | Should -Be (Get-Item $Bird).Length
        $part.MimeType | Should -Be 'image/jpeg'
        $part.Changes.HasFlag([VisionPS.ImageChanges]::Resized) | Should -BeTrue
        $part.Quality | Should -Be 85
        $part.EncodedLength | Should -BeLessOrEqual 1000000
    }

    It 'fits 512x512 for -Detail low and uses the Qwen pixel budget for Qwen models' {
        $low = ConvertTo-ImagePart $Bird -Detail low
        $low.Width, $low.Height | Should -Be 512, 288
        $qwen = ConvertTo-ImagePart $Bird -Model 'Qwen/Qwen2.5-VL-7B-Instruct'
        $qwen.Width, $qwen.Height | Should -Be 1335, 751
    }

    It 'honours -MaxSize, -Quality and -MaxBytes' {
        $part = ConvertTo-ImagePart $Bird -MaxSize 300 -Quality 60
        $part.Width, $part.Height, $part.Quality | Should -Be 300, 168, 60
        $small = ConvertTo-ImagePart $Bird -MaxBytes 20000
        $small.EncodedLength | Should -BeLessOrEqual 20000
    }

    It 'sends the file unchanged with -NoResize -KeepMetadata, and strips metadata losslessly by default' {
        $kept = ConvertTo-ImagePart $WithExif -NoResize -KeepMetadata
        $kept.ByteLength | Should -Be (Get-Item $WithExif).Length
        $kept.Changes | Should -Be 'None'
        $stripped = ConvertTo-ImagePart $WithExif
        $stripped.Changes | Should -Be 'MetadataStripped'
        $stripped.ByteLength | Should -BeLessThan (Get-Item $WithExif).Length
        $stripped.Width, $stripped.Height | Should -Be 640, 480
        $unresized = ConvertTo-ImagePart $Bird -NoResize
        $unresized.Width, $unresized.Height | Should -Be 1920, 1080
    }

    It 'turns an EXIF-rotated photo upright' {
        $part = ConvertTo-ImagePart $Rotated
        $part.Width, $part.Height | Should -Be 600, 450
        $part.Changes.HasFlag([VisionPS.ImageChanges]::Rotated) | Should -BeTrue
    }

    It 'converts BMP to PNG, and refuses it with -NoResize' {
        $part = ConvertTo-ImagePart $Bmp
        $part.MimeType | Should -Be 'image/png'
        $part.OriginalMimeType | Should -Be 'image/bmp'
        $part.Changes.HasFlag([VisionPS.ImageChanges]::FormatChanged) | Should -BeTrue
        ConvertTo-ImagePart $Bmp -NoResize -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ImageFormatNotSupported,*'
    }

    It 'reports a corrupt image per item and goes on' {
        # -Detail low makes both need downscaling, so both are decoded.
        $parts = ConvertTo-ImagePart (Join-Path $Images 'corrupt/gif_static_truncated_50pct.gif'), $Bird -Detail low -ErrorVariable errs -ErrorAction SilentlyContinue
        @($parts).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ImageDecodeFailed,*'
        $errs[0].TargetObject | Should -BeLike '*gif_static_truncated_50pct.gif'
    }

    It 'sends the prepared image in Invoke-VisionChat' {
        $body = Invoke-VisionChat 'Size?' -Image $Bird -Detail low -Model gpt-4o -BaseUrl https://api.example.com/v1 -RequestBodyOnly | ConvertFrom-Json
        $url = $body.messages[0].content[0].image_url.url
        $url | Should -BeLike 'data:image/jpeg;base64,*'
        $sent = ConvertTo-ImagePart -Bytes ([Convert]::FromBase64String($url.Substring($url.IndexOf(',') + 1))) -NoResize
        $sent.Width, $sent.Height | Should -Be 512, 288
    }

    It 'says in the verbose stream what was done to each image' {
        $verbose = ConvertTo-ImagePart $Bird -Detail low -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Match '1920x1080 image/jpeg 828,936 bytes -> 512x288 image/jpeg q85'
    }

    It 'shows sent and original sizes in the table view' {
        $text = ConvertTo-ImagePart $Bird | Out-String
        $text | Should -Match '1365x768'
        $text | Should -Match '1365x768\s+[\d,]+\s+1920x1080'
        $text | Should -Match 'Resized'
    }
}

Describe 'Get-VisionModel' {
    BeforeAll {
        $script:Live = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey }
    }

    It 'lists the built-in catalog offline, with unknown values as null' {
        $models = Get-VisionModel -Offline
        $models.Count | Should -BeGreaterOrEqual 20
        $qwen = $models | Where-Object Id -eq 'Qwen2.5-VL-72B-Instruct'
        $qwen.ContextLength | Should -Be 128000
        $qwen.Rpm, $qwen.Tpm | Should -Be 120, 500000
        $qwen.InputPrice, $qwen.OutputPrice, $qwen.Currency | Should -Be 16, 48, 'CNY'
        $qwen.Listed | Should -BeNullOrEmpty
        ($models | Where-Object Id -eq 'ERNIE-4.5-Turbo-32K').Vision | Should -BeNullOrEmpty
        $models[0].PSObject.TypeNames[0] | Should -Be 'VisionPS.VisionModel'
    }

    It 'merges the provider list: listed models are marked, provider-only models appear with unknown facts' {
        $models = Get-VisionModel @Live -Refresh
        ($models | Where-Object Id -eq 'gpt-4o').Listed | Should -BeTrue
        ($models | Where-Object Id -eq 'gpt-5').Listed | Should -BeFalse
        $qwen = $models | Where-Object Id -eq 'Qwen/Qwen2.5-VL-7B-Instruct'
        $qwen.Listed | Should -BeTrue
        $qwen.InCatalog | Should -BeTrue
        $qwen.ImageTokenRule | Should -Be 'qwen-smart-resize'
        $textOnly = $models | Where-Object Id -eq 'text-only-model'
        $textOnly.InCatalog | Should -BeFalse
        $textOnly.Vision | Should -BeNullOrEmpty
    }

    It 'filters by -Name with wildcards and -Vision, and reports a name it cannot find' {
        (Get-VisionModel 'gpt-4.1*' -Offline).Id | Sort-Object | Should -Be @('gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano')
        $catalog = Join-Path $Work 'catalog.json'
        '{ "models": [ { "id": "blind-model", "aliases": [], "provider": "test", "vision": false, "contextLength": null, "imageTokens": { "rule": "unknown" }, "price": null, "rateLimits": { "rpm": null, "tpm": null, "concurrency": null }, "source": "pester" } ] }' | Set-Content $catalog
        $env:VISIONPS_MODEL_CATALOG = $catalog
        try {
            (Get-VisionModel 'blind-model' -Offline).Vision | Should -BeFalse
            Get-VisionModel 'blind-model' -Offline -Vision | Should -BeNullOrEmpty
        }
        finally { Remove-Item Env:VISIONPS_MODEL_CATALOG }
        Get-VisionModel 'no-such-model' -Offline -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotFound,*'
    }

    It 'falls back to the catalog with a warning when the provider cannot be asked' {
        $models = Get-VisionModel -BaseUrl https://api.example.invalid/v1 -ApiKey $null -WarningVariable warn -WarningAction SilentlyContinue
        $models.Count | Should -BeGreaterOrEqual 20
        $warn[0] | Should -Match 'Only the catalog is shown'
    }

    It 'selects the model when piped into Invoke-VisionChat' {
        $result = Get-VisionModel 'gpt-4o-mini' @Live | Invoke-VisionChat 'Which model?' -Image (Join-Path $Work 'a.jpg') @Live -InformationAction Ignore
        $result.Model | Should -Be 'gpt-4o-mini'
        $plain = Get-VisionModel 'gpt-4.1' @Live | Invoke-VisionChat 'Hello' @Live -InformationAction Ignore
        $plain.Model | Should -Be 'gpt-4.1'
    }

    It 'completes -Model from the list cached for the -BaseUrl being typed' {
        Get-VisionModel @Live -Refresh | Out-Null
        $line = "Invoke-VisionChat hi -BaseUrl $($Server.BaseUrl) -Model text-"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'text-only-model'
    }

    It 'never shows the API key, also when the provider refuses it' {
        $secret = 'sk-pester-WRONG-key-0d9c7e1b'
        $all = Get-VisionModel -BaseUrl $Server.BaseUrl -ApiKey $secret -Refresh -Verbose *>&1 | Out-String
        $all | Should -Match 'Only the catalog is shown'
        $all | Should -Not -Match $secret
    }

    It 'completes -Model from the catalog' {
        $line = 'Invoke-VisionChat hi -Model gpt-4o'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'gpt-4o'
        $completions | Should -Contain 'gpt-4o-mini'
    }
}

Describe 'Estimates, cost and -WhatIf' {
    BeforeAll {
        $script:Photo = Join-Path $RepoRoot '../shared/samples/street_classic_cars.jpg'
        $script:Module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
    }

    It 'puts the estimate next to the reported usage, and the cost at the catalog price' {
        $r = Invoke-VisionChat 'Describe' -Image $Photo @Chat -InformationAction Ignore
        $r.Estimate.Kind | Should -Be 'estimate'
        $r.Estimate.Images.Count | Should -Be 1
        $r.Estimate.PromptTokens | Should -Be $r.Usage.PromptTokens
        $r.Cost.Currency | Should -Be 'USD'
        $r.Cost.Amount | Should -Be ((($r.Usage.PromptTokens * 2.5) + ($r.Usage.CompletionTokens * 10)) / 1e6)
    }

    It '-WhatIf sends nothing and shows each image with its estimate' {
        $before = @(Get-VisionTestRequests $Server).Count
        # No key: -WhatIf sends nothing, so it must not need one.
        $out = & pwsh -NoProfile -Command "Remove-Item Env:OPENAI_API_KEY, Env:VISIONPS_API_KEY -ErrorAction Ignore; Import-Module '$Module'; Invoke-VisionChat 'Describe' -Image '$Photo' -Detail low -Model gpt-4o -BaseUrl 'https://api.example.com/v1' -WhatIf" 2>&1 | Out-String
        $out | Should -Match 'What if: Send a request to gpt-4o at https://api.example.com/v1'
        $out | Should -Match 'street_classic_cars.jpg: 512x341, detail low, ~85 tokens \(openai-tiles\)'
        $out | Should -Match 'Estimate: ~\d+ prompt tokens .* prompt ~0\.\d+ USD'
        @(Get-VisionTestRequests $Server).Count | Should -Be $before
    }

    It '-MaxCost stops the run before the request that would pass it' {
        $before = @(Get-VisionTestRequests $Server).Count
        { Get-ChildItem $Work -Filter *.jpg | Invoke-VisionChat 'Describe' @Chat -MaxCost 0.0000001 -InformationAction Ignore -ErrorAction Stop } |
            Should -Throw -ErrorId 'CostLimitExceeded,VisionPS.Commands.InvokeVisionChatCommand'
        @(Get-VisionTestRequests $Server).Count | Should -Be $before
        { Invoke-VisionChat 'Hi' -BaseUrl $Server.BaseUrl -ApiKey $Server.ApiKey -Model 'text-only-model' -MaxCost 1 -InformationAction Ignore -ErrorAction Stop } |
            Should -Throw -ErrorId 'CostUnknown,VisionPS.Commands.InvokeVisionChatCommand'
    }

    It 'warns when the catalog says the model is blind, or the prompt exceeds its context' {
        $catalog = Join-Path $Work 'limits.json'
        '{ "models": [ { "id": "text-only-model", "aliases": [], "provider": "test", "vision": false, "contextLength": 100000, "imageTokens": { "rule": "unknown" }, "price": null, "rateLimits": { "rpm": null, "tpm": null, "concurrency": null }, "source": "pester" }, { "id": "gpt-4o", "aliases": [], "provider": "openai", "vision": true, "contextLength": 50, "imageTokens": { "rule": "openai-tiles", "base": 85, "tile": 170 }, "price": null, "rateLimits": { "rpm": null, "tpm": null, "concurrency": null }, "source": "pester" } ] }' | Set-Content $catalog
        $env:VISIONPS_MODEL_CATALOG = $catalog
        try {
            Invoke-VisionChat 'Describe' -Image $Photo -BaseUrl $Server.BaseUrl -ApiKey $Server.ApiKey -Model 'text-only-model' -WhatIf -WarningVariable blind -WarningAction SilentlyContinue
            $blind[0] | Should -Match 'cannot see images'
            Invoke-VisionChat 'Describe' -Image $Photo @Chat -WhatIf -WarningVariable long -WarningAction SilentlyContinue
            $long[0] | Should -Match 'longer than gpt-4o''s context \(50 tokens\)'
        }
        finally { Remove-Item Env:VISIONPS_MODEL_CATALOG }
    }
}

Describe 'Batches: retries, -ThrottleLimit, progress' {
    BeforeAll {
        $script:Batch = Join-Path $Work 'batch'
        New-Item -ItemType Directory -Path $Batch | Out-Null
        foreach ($i in 1..6) { Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') (Join-Path $Batch "p$i.jpg") }
    }

    It 'retries a 429 as the server asks, says so in the verbose stream, and answers once' {
        Add-VisionTestFault $Server @{ kind = 'rateLimited'; retryAfterMs = 200 }
        $out = Invoke-VisionChat 'retry me' @Chat -Verbose -InformationVariable shown 4>&1
        $results = @($out | Where-Object { $_ -is [VisionPS.ChatResult] })
        $verbose = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $results.Count | Should -Be 1
        $results[0].Attempts | Should -Be 2
        $verbose | Should -Match 'Attempt 1 of 4 failed \(ApiRateLimited\).*Retrying in 0\.2 s'
        ($shown.MessageData.Message -join '') | Should -Be $results[0].Text
    }

    It 'runs requests in parallel with -ThrottleLimit: one result per input, no streaming, a summary' {
        $before = @(Get-VisionTestRequests $Server).Count
        $out = Get-ChildItem $Batch -Filter *.jpg | Invoke-VisionChat 'Describe' @Chat -ThrottleLimit 4 -Verbose -InformationVariable shown 4>&1
        $results = @($out | Where-Object { $_ -is [VisionPS.ChatResult] })
        $results.Count | Should -Be 6
        ($results.Images | ForEach-Object { Split-Path $_ -Leaf } | Sort-Object) | Should -Be @('p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg')
        $shown | Should -BeNullOrEmpty
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'Batch: 6 done'
        @(Get-VisionTestRequests $Server).Count | Should -Be ($before + 6)
    }

    It 'prepares images on the batch workers: a damaged file is its own error, the others are answered' {
        $mixed = Join-Path $Work 'mixed'
        New-Item -ItemType Directory -Path $mixed | Out-Null
        Copy-Item (Join-Path $Batch 'p1.jpg'), (Join-Path $Batch 'p2.jpg') $mixed
        Copy-Item (Join-Path $Images 'corrupt/gif_static_truncated_50pct.gif') (Join-Path $mixed 'broken.gif')
        $out = Get-ChildItem $mixed | Invoke-VisionChat 'Describe' @Chat -Detail low -ThrottleLimit 3 -Verbose -ErrorVariable errs -ErrorAction SilentlyContinue 4>&1
        @($out | Where-Object { $_ -is [VisionPS.ChatResult] }).Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ImageDecodeFailed,*'
        $errs[0].TargetObject.Name | Should -Be 'broken.gif'
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'p1\.jpg: 227x149 image/jpeg'
    }

    It 'summarises a sequential run too, and shows progress for a batch' {
        $verbose = Get-ChildItem $Batch -Filter *.jpg | Select-Object -First 2 | Invoke-VisionChat 'Describe' @Chat -InformationAction Ignore -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'Batch: 2 done, 0 failed, 0 cancelled .*tokens.*cost 0\.\d+'
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript('param($m, $c, $d) Import-Module $m; Get-ChildItem $d -Filter *.jpg | Invoke-VisionChat "Describe" @c -ThrottleLimit 4').AddArgument((Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1')).AddArgument($Chat).AddArgument($Batch)
            $results = $ps.Invoke()
            $results.Count | Should -Be 6
            $last = $ps.Streams.Progress[-1]
            $last.Activity | Should -Be 'Invoke-VisionChat'
            $last.RecordType | Should -Be 'Completed'
            $last.StatusDescription | Should -Match '6 of 6 done'
        }
        finally { $ps.Dispose() }
    }

    It 'keeps input order with -PreserveOrder when the first request is the slowest' {
        Add-VisionTestFault $Server @{ kind = 'delay'; milliseconds = 1500 }
        $results = Get-ChildItem $Batch -Filter *.jpg | Sort-Object Name | Invoke-VisionChat 'Describe' @Chat -ThrottleLimit 3 -PreserveOrder
        ($results.Images | ForEach-Object { Split-Path $_ -Leaf }) | Should -Be @('p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg')
    }

    It 'reports a failing request as its own error and answers the rest' {
        Add-VisionTestFault $Server @{ kind = 'status'; status = 400; message = 'bad image' }
        $results = Get-ChildItem $Batch -Filter *.jpg | Invoke-VisionChat 'Describe' @Chat -ThrottleLimit 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 5
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ApiRequestRejected,*'
        $errs[0].TargetObject.Name | Should -BeLike 'p*.jpg'
    }

    It 'stops a batch on Ctrl+C: in-flight requests cancelled, no more started, no error record' {
        foreach ($i in 1..4) { Add-VisionTestFault $Server @{ kind = 'stall'; afterChunks = 1 } }
        $before = @(Get-VisionTestRequests $Server).Count
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript('param($m, $c, $d) Import-Module $m; Get-ChildItem $d -Filter *.jpg | Invoke-VisionChat "stall" @c -ThrottleLimit 4').AddArgument((Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1')).AddArgument($Chat).AddArgument($Batch)
        try {
            $async = $ps.BeginInvoke()
            # Poll (not a fixed sleep) until the four stalled requests have reached the server.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-VisionTestRequests $Server).Count -lt $before + 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            @(Get-VisionTestRequests $Server).Count | Should -Be ($before + 4)
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
            @(Get-VisionTestRequests $Server).Count | Should -Be ($before + 4)
        }
        finally { $ps.Dispose() }
    }

    It 'stops the whole batch on 401' {
        { Get-ChildItem $Batch -Filter *.jpg | Invoke-VisionChat 'Describe' -BaseUrl $Server.BaseUrl -ApiKey 'sk-wrong' -Model gpt-4o -ThrottleLimit 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ApiAuthenticationFailed,VisionPS.Commands.InvokeVisionChatCommand'
    }
}
